/** The IAM policy document shapes every role, bucket and destination policy here is built from. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { Service: string } | { AWS: string | string[] } | '*';
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** A role's trust policy and its one inline permission policy. */
export interface RoleDocuments {
  trust: PolicyDocument;
  permissions: PolicyDocument;
}

/** A policy document of these statements, in IAM's current policy language version. */
export function policyDocument(...Statement: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement };
}
