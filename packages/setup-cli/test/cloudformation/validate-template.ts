import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { CfnTemplate } from '../../src/cloudformation/template.js';

/**
 * Checks a template against the CloudFormation resource specification as the CDK ships it
 * (@aws-cdk/aws-service-spec): every resource type; every property, and every required one;
 * nested property types, recursively; value types; every Ref, Fn::GetAtt, Fn::Sub and
 * DependsOn target. Returns every problem found, each with its path.
 */
type Spec = ReturnType<typeof loadAwsServiceSpecSync>;
let spec: Spec | undefined;
const db = (): Spec => (spec ??= loadAwsServiceSpecSync());

interface PropertyType {
  type: string;
  element?: PropertyType;
  reference?: { $ref: string };
  types?: PropertyType[];
}
interface Property {
  type: PropertyType;
  required?: boolean;
  previousTypes?: PropertyType[];
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue', 'AWS::NotificationARNs']);

export function validateTemplate(template: CfnTemplate): string[] {
  const problems: string[] = [];
  const resources = template.Resources;
  const parameters = template.Parameters ?? {};
  const attributesOf = (id: string): string[] | undefined => {
    const type = resources[id]?.Type;
    if (type === undefined) return undefined;
    const found = db().lookup('resource', 'cloudFormationType', 'equals', type);
    return found.length === 1 ? Object.keys(found[0]!.attributes) : [];
  };
  const checkGetAtt = (path: string, id: string, attribute: string) => {
    const attributes = attributesOf(id);
    if (attributes === undefined) problems.push(`${path}: Fn::GetAtt names ${id}, which is not a resource of the template`);
    else if (!attributes.includes(attribute)) problems.push(`${path}: Fn::GetAtt ${id}.${attribute}: ${resources[id]!.Type} has no attribute ${attribute} (it has ${attributes.join(', ')})`);
  };
  const checkRef = (path: string, name: string) => {
    if (!PSEUDO.has(name) && !(name in parameters) && !(name in resources)) problems.push(`${path}: Ref ${name} names no parameter, resource or pseudo parameter`);
  };
  /** True when `value` is an intrinsic function; checks its targets. */
  const intrinsic = (path: string, value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    if (keys.length !== 1 || !/^(Ref|Fn::)/.test(keys[0]!)) return false;
    const [key] = keys as [string];
    const argument = (value as Record<string, unknown>)[key];
    if (key === 'Ref') checkRef(path, String(argument));
    else if (key === 'Fn::GetAtt') {
      const [id, attribute] = Array.isArray(argument) ? (argument as string[]) : String(argument).split('.');
      checkGetAtt(path, String(id), String(attribute));
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(argument) ? String(argument[0]) : String(argument);
      for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const variable = match[1]!;
        if (variable.includes('.')) {
          const [id, attribute] = variable.split('.') as [string, string];
          checkGetAtt(path, id, attribute);
        } else checkRef(path, variable);
      }
    } else if (!['Fn::Join', 'Fn::Select', 'Fn::If', 'Fn::ImportValue', 'Fn::GetAZs', 'Fn::Split', 'Fn::Base64', 'Fn::FindInMap'].includes(key)) {
      problems.push(`${path}: ${key} is not an intrinsic function the template is expected to use`);
    }
    return true;
  };
  const checkType = (path: string, value: unknown, type: PropertyType): string | undefined => {
    if (intrinsic(path, value)) return undefined;
    switch (type.type) {
      case 'string':
      case 'date-time':
        return typeof value === 'string' ? undefined : `${path}: expected a string, got ${JSON.stringify(value)}`;
      case 'integer':
        return Number.isInteger(value) ? undefined : `${path}: expected an integer, got ${JSON.stringify(value)}`;
      case 'number':
        return typeof value === 'number' ? undefined : `${path}: expected a number, got ${JSON.stringify(value)}`;
      case 'boolean':
        return typeof value === 'boolean' ? undefined : `${path}: expected a boolean, got ${JSON.stringify(value)}`;
      case 'json':
        return typeof value === 'object' && value !== null ? undefined : `${path}: expected a JSON object, got ${JSON.stringify(value)}`;
      case 'null':
        return value === null ? undefined : `${path}: expected null`;
      case 'tag': {
        const tag = value as Record<string, unknown>;
        if (typeof tag !== 'object' || tag === null || Object.keys(tag).sort().join() !== 'Key,Value') return `${path}: expected a tag {Key, Value}, got ${JSON.stringify(value)}`;
        return checkType(`${path}.Value`, tag.Value, { type: 'string' });
      }
      case 'array':
        if (!Array.isArray(value)) return `${path}: expected a list, got ${JSON.stringify(value)}`;
        value.forEach((item, i) => {
          const problem = checkType(`${path}[${i}]`, item, type.element!);
          if (problem) problems.push(problem);
        });
        return undefined;
      case 'map':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected a map, got ${JSON.stringify(value)}`;
        for (const [k, v] of Object.entries(value)) {
          const problem = checkType(`${path}.${k}`, v, type.element!);
          if (problem) problems.push(problem);
        }
        return undefined;
      case 'ref': {
        const definition = db().get('typeDefinition', type.reference!.$ref) as { name: string; properties: Record<string, Property> };
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected a ${definition.name} object, got ${JSON.stringify(value)}`;
        checkProperties(path, value as Record<string, unknown>, definition.properties, definition.name);
        return undefined;
      }
      case 'union': {
        // Accepted when one member type takes it, its nested problems included.
        const before = problems.length;
        for (const member of type.types!) {
          const mark = problems.length;
          const problem = checkType(path, value, member);
          if (problem === undefined && problems.length === mark) {
            problems.length = before;
            return undefined;
          }
          problems.length = mark;
        }
        problems.length = before;
        return `${path}: matches none of ${type.types!.map((t) => t.type).join(', ')}: ${JSON.stringify(value).slice(0, 120)}`;
      }
      default:
        return `${path}: the validator does not know the property type ${type.type}`;
    }
  };
  const checkProperties = (path: string, value: Record<string, unknown>, properties: Record<string, Property>, what: string) => {
    for (const [name, property] of Object.entries(properties)) {
      if (property.required && !(name in value)) problems.push(`${path}: ${what} requires ${name}`);
    }
    for (const [name, v] of Object.entries(value)) {
      const property = properties[name];
      if (property === undefined) {
        problems.push(`${path}.${name}: ${what} has no property ${name}`);
        continue;
      }
      const types = [property.type, ...(property.previousTypes ?? [])];
      const problem = types.length === 1 ? checkType(`${path}.${name}`, v, property.type) : checkType(`${path}.${name}`, v, { type: 'union', types });
      if (problem) problems.push(problem);
    }
  };

  for (const [id, resource] of Object.entries(resources)) {
    const found = db().lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (found.length !== 1) {
      problems.push(`${id}: ${resource.Type} is not a CloudFormation resource type`);
      continue;
    }
    checkProperties(id, resource.Properties as Record<string, unknown>, found[0]!.properties as unknown as Record<string, Property>, resource.Type);
    for (const target of resource.DependsOn ?? []) if (!(target in resources)) problems.push(`${id}.DependsOn: ${target} is not a resource of the template`);
  }
  for (const [name, output] of Object.entries(template.Outputs ?? {})) intrinsic(`Outputs.${name}`, output.Value);
  return problems;
}
