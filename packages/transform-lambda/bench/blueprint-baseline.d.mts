import type { FirehoseTransformationEvent, FirehoseTransformationResult } from '../src/types.js';
/** The public blueprint's per-record work, the bar to beat. */
export function blueprintHandler(mode: 'Event' | 'Raw'): (event: FirehoseTransformationEvent) => FirehoseTransformationResult;
/** Splunk's processor for flow logs delivered straight to Firehose, per record. */
export function directFlowBlueprintHandler(mode: 'Event' | 'Raw'): (event: FirehoseTransformationEvent) => FirehoseTransformationResult;
