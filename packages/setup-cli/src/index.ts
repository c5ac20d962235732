export { validateSettings, type Settings, type RawSettings } from './settings.js';
export { desiredState, type DesiredResource } from './desired-state.js';
export { resourceNames, type ResourceNames } from './names.js';
export * from './iam-policies.js';
export { planJson, planText } from './render-plan.js';
export { readConfigFile } from './config-file.js';
