/**
 * The parts of an Amazon Resource Name.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account: `deliverystream/name`, `function:name`, `secret:id`, ... */
  resource: string;
  /** The resource's own name: what follows the resource type's `/` or `:` separator. */
  resourceName: string;
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

/** Parses an ARN; undefined when the text is not one. */
export function parseArn(text: string): Arn | undefined {
  const match = ARN.exec(text);
  if (!match) return undefined;
  const resource = match[5] as string;
  const separator = resource.search(/[/:]/);
  return {
    partition: match[1] as string,
    service: match[2] as string,
    region: match[3] as string,
    accountId: match[4] as string,
    resource,
    resourceName: separator < 0 ? resource : resource.slice(separator + 1),
  };
}
