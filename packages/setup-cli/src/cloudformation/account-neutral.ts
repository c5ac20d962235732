/**
 * Makes a template the same for every account and region a StackSet rolls it out to: every
 * string holding this account's id, this region or this partition becomes an Fn::Sub with
 * AWS::AccountId, AWS::Region and AWS::Partition. Other accounts' ids (a central account, the
 * senders) stay as they are: they are the same in every copy.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
export interface Here {
  accountId: string;
  region: string;
  partition: string;
}

/** A CloudFormation value: plain JSON, or an intrinsic function object. */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

const INTRINSIC = /^(Ref|Fn::[A-Za-z]+)$/;

export function isIntrinsic(value: unknown): value is Record<string, CfnValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSIC.test(keys[0]!);
}

/** One string made account-neutral, or left as it is when it names nothing of here. */
export function neutralString(text: string, here: Here): CfnValue {
  // A dynamic reference names one secret of one account: it stays as written.
  if (text.startsWith('{{resolve:')) return text;
  const arnPartition = `arn:${here.partition}:`;
  const mentions = text.includes(here.accountId) || text.includes(here.region) || text.includes(arnPartition);
  if (!mentions) return text;
  // Fn::Sub reads ${...} as a variable: a literal one (a flow log format, say) is written ${!...}.
  const escaped = text.replaceAll('${', '${!');
  const sub = escaped.replaceAll(arnPartition, 'arn:${AWS::Partition}:').replaceAll(here.accountId, '${AWS::AccountId}').replaceAll(here.region, '${AWS::Region}');
  return { 'Fn::Sub': sub };
}

/** Every string of a value made account-neutral; intrinsic functions are left as they are. */
export function neutral(value: CfnValue, here: Here): CfnValue {
  if (typeof value === 'string') return neutralString(value, here);
  if (Array.isArray(value)) return value.map((v) => neutral(v, here));
  if (value !== null && typeof value === 'object') {
    if (isIntrinsic(value)) return value;
    return Object.fromEntries(Object.entries(value as Record<string, CfnValue>).map(([k, v]) => [k, neutral(v, here)]));
  }
  return value;
}
