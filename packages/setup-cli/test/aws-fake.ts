import { createHash } from 'node:crypto';
import nock from 'nock';

/** An error the fake answers instead of doing the operation. */
export interface InjectedError {
  status: number;
  code: string;
  message: string;
}

interface Role {
  trust: string;
  tags: Record<string, string>;
  policies: Map<string, string>;
}
interface Bucket {
  region: string;
  config: Map<string, string>;
  objects: number;
  /** Objects with a key and a time, for listings by prefix (backed-up failures). */
  files?: Map<string, Date>;
  /** Their bodies, where a test gave one (GetObject answers it). */
  bodies?: Map<string, Buffer>;
}
interface LogGroup {
  retention?: number;
  tags: Record<string, string>;
  streams: Set<string>;
  filters: Map<string, { filterName: string; logGroupName: string; filterPattern: string; destinationArn: string; roleArn: string }>;
  events: Array<{ timestamp: number; message: string }>;
}
interface LambdaFunction {
  config: Record<string, unknown>;
  tags: Record<string, string>;
}
interface Stream {
  /** Record data put with PutRecordBatch (replay puts processing failures back). */
  put?: Buffer[];
  status: string;
  describesUntilActive: number;
  versionId: number;
  splunk: Record<string, unknown>;
  tags: Record<string, string>;
}
interface FlowLog {
  id: string;
  vpc: string;
  logGroup: string;
  role: string;
  tags: Record<string, string>;
  /** cloud-watch-logs (logGroup, role) or kinesis-data-firehose (destination, maybe the cross-account role). */
  type?: string;
  destination?: string;
  crossAccountRole?: string;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

type Reply = [number, string | Buffer | Record<string, unknown>, Record<string, string>?];

/**
 * A stateful fake of the AWS APIs the CLI calls (STS, IAM, S3, EC2, CloudWatch Logs,
 * Firehose, Lambda), served through nock on their real endpoints. Each keeps the state a
 * real account would, enforces the rules the CLI must respect (two subscription filters per
 * log group, CreateBucket's LocationConstraint, Firehose version ids), and can answer an
 * injected error for the next calls of an operation.
 */
export class FakeAws {
  readonly account: string;
  readonly roles = new Map<string, Role>();
  readonly buckets = new Map<string, Bucket>();
  readonly logGroups = new Map<string, LogGroup>();
  readonly functions = new Map<string, LambdaFunction>();
  readonly streams = new Map<string, Stream>();
  readonly flowLogs = new Map<string, FlowLog>();
  vpcs = ['vpc-0a1b2c3d', 'vpc-1b2c3d4e'];
  /** Secrets Manager secrets by ARN. */
  readonly secrets = new Map<string, string>();
  /** CloudWatch alarms by name, as PutMetricAlarm took them, with their state and tags. */
  readonly alarms = new Map<string, { input: Record<string, unknown>; tags: Record<string, string>; state: string; reason: string }>();
  /** CloudWatch Logs' per-filter delivery metrics, as sums over any window: "<metric> <log group> <filter>" -> sum. */
  readonly deliveryMetrics = new Map<string, number>();
  /** CloudWatch dashboards by name: their body text. */
  readonly dashboards = new Map<string, string>();
  /** SNS topics by ARN, with tags and subscriptions (an email one stays pending until confirmed). */
  readonly topics = new Map<string, { tags: Record<string, string>; subscriptions: Array<{ arn: string; protocol: string; endpoint: string }> }>();
  /** CloudWatch Logs destinations by name (cross-account subscriptions). */
  readonly destinations = new Map<string, { targetArn: string; roleArn: string; accessPolicy?: string; tags: Record<string, string> }>();
  /** The organisation this account belongs to, if any (checked against aws:PrincipalOrgID). */
  organizationId: string | undefined;
  /** Other accounts' fakes by account id: a filter to another account's destination asks it. */
  readonly peers = new Map<string, FakeAws>();
  /** Every operation called, in order, as "Service:Operation". */
  readonly calls: string[] = [];
  /** How many DescribeDeliveryStream calls a new stream stays CREATING for. */
  creatingDescribes = 2;
  private readonly injected = new Map<string, InjectedError[]>();
  private sequence = 0;

  constructor(account = '111122223333') {
    this.account = account;
  }

  /** Answers the next `times` calls of `operation` ("Service:Operation") with an error. */
  inject(operation: string, error: InjectedError, times = 1): void {
    this.injected.set(operation, [...(this.injected.get(operation) ?? []), ...Array.from({ length: times }, () => error)]);
  }

  private readonly drops = new Map<string, number>();
  /** Connections dropped so far. */
  dropped = 0;

  /** Drops the next `times` connections to a service (its endpoint's first label, e.g. "firehose") without an answer. */
  dropConnections(service: string, times = 1): void {
    this.drops.set(service, (this.drops.get(service) ?? 0) + times);
  }

  private takeDrop(host: string): boolean {
    const service = host.split('.').find((label) => (this.drops.get(label) ?? 0) > 0);
    if (service === undefined) return false;
    this.drops.set(service, this.drops.get(service)! - 1);
    this.dropped++;
    return true;
  }

  /** Operations that change state. */
  writes(): string[] {
    return this.calls.filter((c) => !/:(Get|Describe|List|Head|Filter)/.test(c));
  }

  /**
   * Serves the AWS endpoints through nock. With `accessKeyId`, only requests signed with that
   * key: several fakes, one per account, then serve one test (an organisation's rollout).
   */
  install(options: { accessKeyId?: string } = {}): void {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    const fake = this;
    for (const method of ['get', 'post', 'put', 'head', 'delete'] as const) {
      const scope = nock(/amazonaws\.com/);
      const key = options.accessKeyId;
      (key === undefined ? scope : scope.matchHeader('authorization', (value: string) => value.includes(`Credential=${key}/`)))
        .persist()
        [method](/.*/)
        .reply(function (uri, body) {
          if (fake.takeDrop(String(this.req.headers.host))) {
            // The client sees the connection reset before any answer.
            this.req.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
            return [500, ''];
          }
          const [status, payload, headers] = fake.route(method.toUpperCase(), String(this.req.headers.host), uri, typeof body === 'string' ? body : JSON.stringify(body ?? ''), this.req.headers as Record<string, string>);
          return [status, typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload), headers ?? {}];
        });
    }
  }

  uninstall(): void {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  }

  private id(prefix: string): string {
    return `${prefix}${String(++this.sequence).padStart(8, '0')}`;
  }

  private route(method: string, host: string, uri: string, body: string, headers: Record<string, string>): Reply {
    const service = host.split('.').find((part) => ['sts', 'iam', 'ec2', 'logs', 'firehose', 'lambda', 's3', 'secretsmanager', 'monitoring', 'sns'].includes(part)) ?? host;
    if (service === 's3') return this.s3(method, host, uri, body);
    if (service === 'lambda') return this.lambda(method, uri, body);
    if (service === 'logs' || service === 'firehose' || service === 'secretsmanager' || service === 'monitoring') {
      const operation = String(headers['x-amz-target']).split('.')[1] ?? '';
      return this.json(service, operation, JSON.parse(body || '{}') as Record<string, unknown>, host.split('.')[1] ?? '');
    }
    const params = new URLSearchParams(body);
    return this.query(service, params.get('Action') ?? '', params);
  }

  private takeInjected(operation: string): InjectedError | undefined {
    this.calls.push(operation);
    const queue = this.injected.get(operation);
    return queue?.shift();
  }

  // ---- query protocol: STS, IAM, EC2 ----
  private query(service: string, action: string, p: URLSearchParams): Reply {
    const op = `${service}:${action}`;
    const injected = this.takeInjected(op);
    const ok = (inner = '') =>
      service === 'ec2'
        ? ([200, `<${action}Response xmlns="${EC2_NS}"><requestId>r</requestId>${inner}</${action}Response>`] as Reply)
        : ([200, `<${action}Response xmlns="${IAM_NS}">${inner ? `<${action}Result>${inner}</${action}Result>` : ''}<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`] as Reply);
    const error = (status: number, code: string, message: string): Reply =>
      service === 'ec2'
        ? [status, `<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>r</RequestID></Response>`]
        : [status, `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>r</RequestId></ErrorResponse>`];
    if (injected) return error(injected.status, injected.code, injected.message);
    const tagsFrom = (prefix: string) => {
      const tags: Record<string, string> = {};
      for (let i = 1; p.has(`${prefix}.${i}.Key`); i++) tags[p.get(`${prefix}.${i}.Key`)!] = p.get(`${prefix}.${i}.Value`) ?? '';
      return tags;
    };
    const list = (prefix: string) => {
      const values: string[] = [];
      for (let i = 1; p.has(`${prefix}.${i}`); i++) values.push(p.get(`${prefix}.${i}`)!);
      return values;
    };
    if (service === 'sns') return this.sns(action, p, ok, error);
    if (op === 'sts:GetCallerIdentity') return ok(`<Arn>arn:aws:iam::${this.account}:user/ops</Arn><UserId>AIDATEST</UserId><Account>${this.account}</Account>`);
    if (service === 'iam') {
      const name = p.get('RoleName') ?? '';
      const role = this.roles.get(name);
      const roleXml = (r: Role) =>
        `<Role><Path>/</Path><RoleName>${xmlEscape(name)}</RoleName><RoleId>AROA${name.length}</RoleId><Arn>arn:aws:iam::${this.account}:role/${xmlEscape(name)}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${encodeURIComponent(r.trust)}</AssumeRolePolicyDocument><Tags>${Object.entries(r.tags).map(([k, v]) => `<member><Key>${xmlEscape(k)}</Key><Value>${xmlEscape(v)}</Value></member>`).join('')}</Tags></Role>`;
      const missing = () => error(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
      switch (action) {
        case 'GetRole':
          return role ? ok(roleXml(role)) : missing();
        case 'CreateRole': {
          if (role) return error(409, 'EntityAlreadyExists', `Role with name ${name} already exists.`);
          const created = { trust: p.get('AssumeRolePolicyDocument') ?? '', tags: tagsFrom('Tags.member'), policies: new Map() };
          this.roles.set(name, created);
          return ok(roleXml(created));
        }
        case 'UpdateAssumeRolePolicy':
          if (!role) return missing();
          role.trust = p.get('PolicyDocument') ?? '';
          return ok();
        case 'GetRolePolicy': {
          const doc = role?.policies.get(p.get('PolicyName') ?? '');
          if (doc === undefined) return error(404, 'NoSuchEntity', `The role policy with name ${p.get('PolicyName')} cannot be found.`);
          return ok(`<RoleName>${xmlEscape(name)}</RoleName><PolicyName>${xmlEscape(p.get('PolicyName') ?? '')}</PolicyName><PolicyDocument>${encodeURIComponent(doc)}</PolicyDocument>`);
        }
        case 'PutRolePolicy':
          if (!role) return missing();
          role.policies.set(p.get('PolicyName') ?? '', p.get('PolicyDocument') ?? '');
          return ok();
        case 'TagRole':
          if (!role) return missing();
          Object.assign(role.tags, tagsFrom('Tags.member'));
          return ok();
        case 'DeleteRolePolicy':
          if (!role?.policies.delete(p.get('PolicyName') ?? '')) return error(404, 'NoSuchEntity', 'no such policy');
          return ok();
        case 'DeleteRole':
          if (!role) return missing();
          if (role.policies.size > 0) return error(409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
          this.roles.delete(name);
          return ok();
      }
    }
    if (service === 'ec2') {
      const tagXml = (tags: Record<string, string>) => `<tagSet>${Object.entries(tags).map(([k, v]) => `<item><key>${xmlEscape(k)}</key><value>${xmlEscape(v)}</value></item>`).join('')}</tagSet>`;
      switch (action) {
        case 'DescribeVpcs':
          return ok(`<vpcSet>${this.vpcs.map((v) => `<item><vpcId>${v}</vpcId><state>available</state></item>`).join('')}</vpcSet>`);
        case 'DescribeFlowLogs': {
          const filterVpcs = p.get('Filter.1.Name') === 'resource-id' ? list('Filter.1.Value') : undefined;
          const logs = [...this.flowLogs.values()].filter((f) => !filterVpcs || filterVpcs.includes(f.vpc));
          return ok(
            `<flowLogSet>${logs
              .map(
                (f) =>
                  `<item><flowLogId>${f.id}</flowLogId><resourceId>${f.vpc}</resourceId><logDestinationType>${f.type ?? 'cloud-watch-logs'}</logDestinationType>${f.logGroup ? `<logGroupName>${xmlEscape(f.logGroup)}</logGroupName>` : ''}${f.destination ? `<logDestination>${xmlEscape(f.destination)}</logDestination>` : ''}${f.role ? `<deliverLogsPermissionArn>${xmlEscape(f.role)}</deliverLogsPermissionArn>` : ''}${f.crossAccountRole ? `<deliverCrossAccountRole>${xmlEscape(f.crossAccountRole)}</deliverCrossAccountRole>` : ''}<flowLogStatus>ACTIVE</flowLogStatus><deliverLogsStatus>SUCCESS</deliverLogsStatus><trafficType>ALL</trafficType>${tagXml(f.tags)}</item>`,
              )
              .join('')}</flowLogSet>`,
          );
        }
        case 'CreateFlowLogs': {
          const ids: string[] = [];
          const type = p.get('LogDestinationType') ?? 'cloud-watch-logs';
          if (type === 'kinesis-data-firehose') {
            const refused = this.refusesFirehoseFlowLogs(p.get('LogDestination') ?? '', p.get('DeliverLogsPermissionArn') ?? undefined, p.get('DeliverCrossAccountRole') ?? undefined);
            if (refused) return error(400, 'InvalidParameter', refused);
          }
          for (const vpc of list('ResourceId')) {
            if (!this.vpcs.includes(vpc)) return error(400, 'InvalidVpcID.NotFound', `The vpc ID '${vpc}' does not exist`);
            const id = this.id('fl-');
            this.flowLogs.set(id, {
              id,
              vpc,
              logGroup: p.get('LogGroupName') ?? '',
              role: p.get('DeliverLogsPermissionArn') ?? '',
              tags: tagsFrom('TagSpecification.1.Tag'),
              type,
              ...(p.get('LogDestination') ? { destination: p.get('LogDestination')! } : {}),
              ...(p.get('DeliverCrossAccountRole') ? { crossAccountRole: p.get('DeliverCrossAccountRole')! } : {}),
            });
            ids.push(id);
          }
          return ok(`<flowLogIdSet>${ids.map((i) => `<item>${i}</item>`).join('')}</flowLogIdSet><unsuccessful/>`);
        }
        case 'DeleteFlowLogs':
          for (const id of list('FlowLogId')) this.flowLogs.delete(id);
          return ok('<unsuccessful/>');
      }
    }
    return error(400, 'InvalidAction', `the fake does not serve ${op}`);
  }

  // ---- S3 (REST XML) ----
  private s3(method: string, host: string, uri: string, body: string): Reply {
    const bucketName = host.split('.s3.')[0] ?? '';
    const region = /\.s3\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1] ?? 'us-east-1';
    const url = new URL(uri, 'https://x');
    const sub = ['publicAccessBlock', 'encryption', 'policy', 'lifecycle', 'tagging'].find((k) => url.searchParams.has(k));
    const objectKey = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const action =
      objectKey !== '' && !sub ? (method === 'GET' ? 'GetObject' : method === 'PUT' ? 'PutObject' : method === 'DELETE' ? 'DeleteObject' : 'Unknown')
      : method === 'HEAD' ? 'HeadBucket'
      : method === 'DELETE' ? 'DeleteBucket'
      : url.searchParams.get('list-type') === '2' ? 'ListObjectsV2'
      : sub ? `${method === 'PUT' ? 'Put' : 'Get'}:${sub}`
      : method === 'PUT' ? 'CreateBucket' : 'Unknown';
    const injected = this.takeInjected(`s3:${action}`);
    const error = (status: number, code: string, message: string): Reply => [status, method === 'HEAD' ? '' : `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`];
    if (injected) return error(injected.status, injected.code, injected.message);
    const bucket = this.buckets.get(bucketName);
    if (action === 'CreateBucket') {
      const constraint = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(body)?.[1];
      if (region === 'us-east-1' && constraint) return error(400, 'InvalidLocationConstraint', 'The specified location-constraint is not valid');
      if (region !== 'us-east-1' && constraint !== region) return error(400, 'IllegalLocationConstraintException', `The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.`);
      if (bucket) return error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
      this.buckets.set(bucketName, { region, config: new Map(), objects: 0 });
      return [200, ''];
    }
    if (!bucket) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (action === 'HeadBucket') return [200, ''];
    if (action === 'GetObject') {
      const body = bucket.bodies?.get(objectKey);
      if (body === undefined) return error(404, 'NoSuchKey', 'The specified key does not exist.');
      return [200, body, { 'Content-Type': 'application/octet-stream' }];
    }
    if (action === 'PutObject') {
      (bucket.files ??= new Map()).set(objectKey, new Date());
      (bucket.bodies ??= new Map()).set(objectKey, Buffer.from(body, 'latin1'));
      return [200, ''];
    }
    if (action === 'DeleteObject') {
      bucket.files?.delete(objectKey);
      bucket.bodies?.delete(objectKey);
      return [204, ''];
    }
    if (action === 'DeleteBucket') {
      if (bucket.objects + (bucket.files?.size ?? 0) > 0) return error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
      this.buckets.delete(bucketName);
      return [204, ''];
    }
    if (action === 'ListObjectsV2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const files = [...(bucket.files ?? new Map<string, Date>()).entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
      const contents = files.map(([k, at]) => `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${at.toISOString()}</LastModified><Size>1</Size></Contents>`).join('');
      const count = url.searchParams.has('prefix') ? files.length : bucket.objects + files.length;
      return [200, `<ListBucketResult><Name>${bucketName}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${count}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`];
    }
    const [verb, key] = action.split(':') as [string, string];
    if (verb === 'Put') {
      bucket.config.set(key, body);
      return [key === 'policy' ? 204 : 200, ''];
    }
    const stored = bucket.config.get(key);
    if (stored === undefined) {
      const missing: Record<string, string> = {
        publicAccessBlock: 'NoSuchPublicAccessBlockConfiguration',
        encryption: 'ServerSideEncryptionConfigurationNotFoundError',
        policy: 'NoSuchBucketPolicy',
        lifecycle: 'NoSuchLifecycleConfiguration',
        tagging: 'NoSuchTagSet',
      };
      return error(404, missing[key]!, `The ${key} configuration was not found`);
    }
    return [200, stored];
  }

  // ---- JSON protocol: CloudWatch Logs, Firehose ----
  // ---- CloudWatch (JSON 1.0 protocol) ----
  private cloudwatch(operation: string, input: Record<string, unknown>, error: (code: string, message: string, status?: number) => Reply): Reply {
    const arn = (name: string) => `arn:aws:cloudwatch:eu-west-1:${this.account}:alarm:${name}`;
    switch (operation) {
      case 'GetMetricData': {
        // Only the shape status sends: SUM(SEARCH('{AWS/Logs,...} MetricName="m" LogGroupName="g" FilterName="f"', 'Sum', p)).
        const queries = (input.MetricDataQueries as Array<{ Id: string; Expression?: string }>) ?? [];
        return [
          200,
          {
            MetricDataResults: queries.map((q) => {
              const field = (key: string) => new RegExp(`${key}="((?:[^"\\\\]|\\\\.)*)"`).exec(q.Expression ?? '')?.[1]?.replace(/\\(.)/g, '$1') ?? '';
              const sum = this.deliveryMetrics.get(`${field('MetricName')} ${field('LogGroupName')} ${field('FilterName')}`);
              return { Id: q.Id, Label: q.Id, StatusCode: 'Complete', Timestamps: sum === undefined ? [] : [Math.floor(Date.now() / 1000)], Values: sum === undefined ? [] : [sum] };
            }),
          },
        ];
      }
      case 'PutMetricAlarm': {
        const { Tags, ...rest } = input as { Tags?: Array<{ Key: string; Value: string }> } & Record<string, unknown>;
        const name = String(rest.AlarmName);
        const existing = this.alarms.get(name);
        // On an existing alarm PutMetricAlarm replaces the settings and ignores Tags (API reference).
        this.alarms.set(name, { input: rest, tags: existing?.tags ?? Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value])), state: existing?.state ?? 'INSUFFICIENT_DATA', reason: existing?.reason ?? 'Unchecked: Initial alarm creation' });
        return [200, {}];
      }
      case 'DescribeAlarms': {
        const prefix = input.AlarmNamePrefix as string | undefined;
        const names = input.AlarmNames as string[] | undefined;
        const found = [...this.alarms.entries()].filter(([n]) => (prefix === undefined || n.startsWith(prefix)) && (names === undefined || names.includes(n)));
        return [200, { MetricAlarms: found.map(([n, a]) => ({ ...a.input, AlarmArn: arn(n), StateValue: a.state, StateReason: a.reason, Dimensions: a.input.Dimensions ?? [], AlarmActions: a.input.AlarmActions ?? [], OKActions: a.input.OKActions ?? [], InsufficientDataActions: [] })), CompositeAlarms: [] }];
      }
      case 'ListTagsForResource': {
        const name = String(input.ResourceARN).split(':alarm:')[1] ?? '';
        const alarm = this.alarms.get(name);
        if (!alarm) return error('ResourceNotFoundException', `The alarm ${name} does not exist.`, 404);
        return [200, { Tags: Object.entries(alarm.tags).map(([Key, Value]) => ({ Key, Value })) }];
      }
      case 'DeleteAlarms': {
        const names = input.AlarmNames as string[];
        if (names.length > 100) return error('InvalidParameterValue', 'At most 100 alarm names.');
        for (const n of names) this.alarms.delete(n);
        return [200, {}];
      }
      case 'PutDashboard':
        JSON.parse(String(input.DashboardBody));
        this.dashboards.set(String(input.DashboardName), String(input.DashboardBody));
        return [200, { DashboardValidationMessages: [] }];
      case 'GetDashboard': {
        const body = this.dashboards.get(String(input.DashboardName));
        if (body === undefined) return error('ResourceNotFound', 'Dashboard does not exist', 404);
        return [200, { DashboardArn: `arn:aws:cloudwatch::${this.account}:dashboard/${String(input.DashboardName)}`, DashboardBody: body, DashboardName: input.DashboardName }];
      }
      case 'DeleteDashboards':
        for (const n of input.DashboardNames as string[]) {
          if (!this.dashboards.has(n)) return error('ResourceNotFound', `Dashboard ${n} does not exist`, 404);
          this.dashboards.delete(n);
        }
        return [200, {}];
      default:
        return error('UnknownOperationException', `the fake does not implement cloudwatch:${operation}`);
    }
  }

  // ---- SNS (query protocol) ----
  private sns(action: string, p: URLSearchParams, ok: (inner?: string) => Reply, error: (status: number, code: string, message: string) => Reply): Reply {
    const topicArn = p.get('TopicArn') ?? p.get('ResourceArn') ?? '';
    const topic = this.topics.get(topicArn);
    const missing = () => error(404, 'NotFound', 'Topic does not exist');
    const members = (entries: Array<[string, string]>) => entries.map(([k, v]) => `<member><Key>${xmlEscape(k)}</Key><Value>${xmlEscape(v)}</Value></member>`).join('');
    switch (action) {
      case 'CreateTopic': {
        const arn = `arn:aws:sns:eu-west-1:${this.account}:${p.get('Name')}`;
        const tags: Record<string, string> = {};
        for (let i = 1; p.has(`Tags.member.${i}.Key`); i++) tags[p.get(`Tags.member.${i}.Key`)!] = p.get(`Tags.member.${i}.Value`) ?? '';
        if (!this.topics.has(arn)) this.topics.set(arn, { tags, subscriptions: [] });
        return ok(`<TopicArn>${arn}</TopicArn>`);
      }
      case 'GetTopicAttributes':
        return topic ? ok(`<Attributes><entry><key>TopicArn</key><value>${topicArn}</value></entry></Attributes>`) : missing();
      case 'ListTagsForResource':
        return topic ? ok(`<Tags>${members(Object.entries(topic.tags))}</Tags>`) : error(404, 'ResourceNotFound', 'Resource does not exist');
      case 'Subscribe': {
        if (!topic) return missing();
        if (p.get('Protocol') !== 'email') return error(400, 'InvalidParameter', 'the fake takes email subscriptions only');
        const endpoint = p.get('Endpoint') ?? '';
        if (!topic.subscriptions.some((x) => x.endpoint === endpoint)) topic.subscriptions.push({ arn: 'PendingConfirmation', protocol: 'email', endpoint });
        return ok(`<SubscriptionArn>${p.get('ReturnSubscriptionArn') === 'true' ? `${topicArn}:${this.id('pending-')}` : 'pending confirmation'}</SubscriptionArn>`);
      }
      case 'ListSubscriptionsByTopic':
        if (!topic) return missing();
        return ok(`<Subscriptions>${topic.subscriptions.map((x) => `<member><TopicArn>${topicArn}</TopicArn><Protocol>${x.protocol}</Protocol><SubscriptionArn>${x.arn}</SubscriptionArn><Owner>${this.account}</Owner><Endpoint>${xmlEscape(x.endpoint)}</Endpoint></member>`).join('')}</Subscriptions>`);
      case 'Unsubscribe': {
        const arn = p.get('SubscriptionArn') ?? '';
        for (const t of this.topics.values()) t.subscriptions = t.subscriptions.filter((x) => x.arn !== arn);
        return ok();
      }
      case 'DeleteTopic':
        this.topics.delete(topicArn);
        return ok();
      default:
        return error(400, 'InvalidAction', `the fake does not implement sns:${action}`);
    }
  }

  /**
   * Why log delivery would refuse flow logs into a Firehose stream: it is missing or not ACTIVE;
   * across accounts, the source role or the central role is missing, or the central role does
   * not trust this account. As AWS does, the stream is tagged LogDeliveryEnabled=true.
   */
  private refusesFirehoseFlowLogs(streamArn: string, sourceRole: string | undefined, crossAccountRole: string | undefined): string | undefined {
    const owner = streamArn.split(':')[4] ?? '';
    const central = owner === this.account ? this : this.peers.get(owner);
    const stream = central?.streams.get(streamArn.split('/').pop() ?? '');
    if (!stream || stream.status !== 'ACTIVE') return `Delivery stream ${streamArn} does not exist or is not ACTIVE.`;
    if (owner !== this.account) {
      if (!sourceRole || !this.roles.has(sourceRole.split('/').pop() ?? '')) return 'Cross-account delivery needs DeliverLogsPermissionArn, a role in the source account.';
      const role = crossAccountRole ? central!.roles.get(crossAccountRole.split('/').pop() ?? '') : undefined;
      if (!role) return 'Cross-account delivery needs DeliverCrossAccountRole, a role in the destination account.';
      const statements = (JSON.parse(role.trust) as { Statement: Array<Record<string, any>> }).Statement;
      const trusted = statements.some((st) => [st.Principal?.AWS].flat().includes(this.account) || (st.Principal === '*' && this.organizationId !== undefined && st.Condition?.StringEquals?.['aws:PrincipalOrgID'] === this.organizationId));
      if (!trusted) return `Unable to assume ${crossAccountRole} from account ${this.account}.`;
    }
    stream.tags.LogDeliveryEnabled = 'true';
    return undefined;
  }

  private destinationArn(name: string, region: string): string {
    return `arn:aws:logs:${region}:${this.account}:destination:${name}`;
  }

  /**
   * Why CloudWatch Logs would refuse a filter from this account to a destination, if it would:
   * the destination is in another region, missing, or its access policy grants neither this
   * account nor (with the filter's role) this account's organisation.
   */
  private refusesSubscription(destinationArn: string, roleArn: string | undefined, region: string): [string, string] | undefined {
    const [, , , arnRegion, owner, , name] = destinationArn.split(':');
    if (arnRegion !== region) return ['InvalidParameterException', `The destination ${destinationArn} must be in the log group's region ${region}.`];
    const central = owner === this.account ? this : this.peers.get(owner ?? '');
    const destination = central?.destinations.get(name ?? '');
    if (!destination) return ['ResourceNotFoundException', `The specified destination ${destinationArn} does not exist.`];
    const denied: [string, string] = ['AccessDeniedException', `User with accountId: ${this.account} is not authorized to perform: logs:PutSubscriptionFilter on resource: ${destinationArn}`];
    if (owner === this.account) return undefined;
    const statements = ((JSON.parse(destination.accessPolicy ?? '{"Statement":[]}') as { Statement: Array<Record<string, any>> }).Statement ?? []);
    for (const statement of statements) {
      if (statement.Effect !== 'Allow' || ![statement.Action].flat().includes('logs:PutSubscriptionFilter')) continue;
      const accounts = statement.Principal === '*' ? [] : [statement.Principal?.AWS].flat();
      if (accounts.includes(this.account)) return undefined;
      const orgs = [statement.Condition?.StringEquals?.['aws:PrincipalOrgID']].flat();
      if (statement.Principal === '*' && this.organizationId !== undefined && orgs.includes(this.organizationId)) {
        // AWS validates an organisation grant through the role the filter carries.
        if (roleArn === undefined || !this.roles.has(roleArn.split('/').pop() ?? '')) return ['InvalidParameterException', 'A role is required for a destination that grants an organization: give roleArn.'];
        return undefined;
      }
    }
    return denied;
  }

  /** Confirms an email subscription, as the recipient's click on SNS's link would. */
  confirm(topicArn: string, email: string): void {
    const sub = this.topics.get(topicArn)?.subscriptions.find((x) => x.endpoint === email);
    if (sub) sub.arn = `${topicArn}:${this.id('sub-')}`;
  }

  private json(service: string, operation: string, input: Record<string, unknown>, region = ''): Reply {
    const op = `${service === 'monitoring' ? 'cloudwatch' : service}:${operation}`;
    const injected = this.takeInjected(op);
    const error = (code: string, message: string, status = 400): Reply => [status, { __type: code, message }];
    if (injected) return error(injected.code, injected.message, injected.status);
    if (service === 'monitoring') return this.cloudwatch(operation, input, error);
    if (service === 'logs') {
      const name = String(input.logGroupName ?? '');
      const group = this.logGroups.get(name);
      const missing = () => error('ResourceNotFoundException', 'The specified log group does not exist.');
      const arn = (n: string) => `arn:aws:logs:us-east-1:${this.account}:log-group:${n}`;
      switch (operation) {
        case 'DescribeLogGroups': {
          const prefix = String(input.logGroupNamePrefix ?? '');
          const groups = [...this.logGroups.entries()].filter(([n]) => n.startsWith(prefix));
          return [200, { logGroups: groups.map(([n, g]) => ({ logGroupName: n, arn: `${arn(n)}:*`, retentionInDays: g.retention, creationTime: 1 })) }];
        }
        case 'CreateLogGroup':
          if (group) return error('ResourceAlreadyExistsException', 'The specified log group already exists');
          this.logGroups.set(name, { tags: (input.tags as Record<string, string>) ?? {}, streams: new Set(), filters: new Map(), events: [] });
          return [200, {}];
        case 'PutRetentionPolicy':
          if (!group) return missing();
          group.retention = Number(input.retentionInDays);
          return [200, {}];
        case 'DescribeLogStreams':
          if (!group) return missing();
          return [200, { logStreams: [...group.streams].filter((s) => s.startsWith(String(input.logStreamNamePrefix ?? ''))).map((logStreamName) => ({ logStreamName })) }];
        case 'CreateLogStream':
          if (!group) return missing();
          group.streams.add(String(input.logStreamName));
          return [200, {}];
        case 'ListTagsForResource': {
          const destination = this.destinations.get(String(input.resourceArn).split(':destination:')[1] ?? '');
          if (destination) return [200, { tags: destination.tags }];
          const target = this.logGroups.get(String(input.resourceArn).split(':log-group:')[1] ?? '');
          if (!target) return missing();
          return [200, { tags: target.tags }];
        }
        case 'DescribeSubscriptionFilters':
          if (!group) return missing();
          return [200, { subscriptionFilters: [...group.filters.values()] }];
        case 'PutSubscriptionFilter': {
          if (!group) return missing();
          const filterName = String(input.filterName);
          if (!group.filters.has(filterName) && group.filters.size >= 2) return error('LimitExceededException', 'Resource limit exceeded.');
          const streamName = String(input.destinationArn).split('/').pop() ?? '';
          if (String(input.destinationArn).includes(':destination:')) {
            const refused = this.refusesSubscription(String(input.destinationArn), input.roleArn === undefined ? undefined : String(input.roleArn), region);
            if (refused) return error(refused[0], refused[1]);
          } else if (this.streams.get(streamName)?.status !== 'ACTIVE') {
            return error('InvalidParameterException', 'Could not deliver test message to specified Firehose stream. Check if the given Firehose stream is in ACTIVE state.');
          }
          group.filters.set(filterName, {
            filterName,
            logGroupName: name,
            filterPattern: String(input.filterPattern ?? ''),
            destinationArn: String(input.destinationArn),
            ...(input.roleArn !== undefined ? { roleArn: String(input.roleArn) } : {}),
          } as never);
          return [200, {}];
        }
        case 'DeleteSubscriptionFilter':
          if (!group?.filters.delete(String(input.filterName))) return error('ResourceNotFoundException', 'The specified subscription filter does not exist.');
          return [200, {}];
        case 'DeleteLogGroup':
          if (!group) return missing();
          this.logGroups.delete(name);
          return [200, {}];
        case 'PutDestination': {
          const destinationName = String(input.destinationName);
          const roleName = String(input.roleArn).split('/').pop() ?? '';
          if (!this.roles.has(roleName)) return error('InvalidParameterException', `Could not deliver test message to specified destination: the role ${String(input.roleArn)} cannot be assumed.`);
          if (this.streams.get(String(input.targetArn).split('/').pop() ?? '')?.status !== 'ACTIVE') {
            return error('InvalidParameterException', 'Could not deliver test message to specified Firehose stream. Check if the given Firehose stream is in ACTIVE state.');
          }
          const existing = this.destinations.get(destinationName);
          this.destinations.set(destinationName, { targetArn: String(input.targetArn), roleArn: String(input.roleArn), ...(existing?.accessPolicy ? { accessPolicy: existing.accessPolicy } : {}), tags: existing?.tags ?? ((input.tags as Record<string, string>) ?? {}) });
          return [200, { destination: { destinationName, targetArn: input.targetArn, roleArn: input.roleArn, arn: this.destinationArn(destinationName, region) } }];
        }
        case 'PutDestinationPolicy': {
          const destination = this.destinations.get(String(input.destinationName));
          if (!destination) return error('ResourceNotFoundException', 'The specified destination does not exist.');
          const policy = String(input.accessPolicy);
          if (Buffer.byteLength(policy) > 5120) return error('InvalidParameterException', '1 validation error detected: Value at \'accessPolicy\' failed to satisfy constraint: Member must have length less than or equal to 5120');
          const toOrganization = (p: string | undefined) => p !== undefined && p.includes('aws:PrincipalOrgID');
          if (destination.accessPolicy !== undefined && !toOrganization(destination.accessPolicy) && toOrganization(policy) && input.forceUpdate !== true) {
            return error('InvalidParameterException', 'Updating the destination policy to use an organization ID requires forceUpdate: update the subscription filters of the sender accounts first.');
          }
          destination.accessPolicy = policy;
          return [200, {}];
        }
        case 'DescribeDestinations': {
          const prefix = String(input.DestinationNamePrefix ?? '');
          const found = [...this.destinations.entries()].filter(([n]) => n.startsWith(prefix));
          return [200, { destinations: found.map(([n, d]) => ({ destinationName: n, targetArn: d.targetArn, roleArn: d.roleArn, accessPolicy: d.accessPolicy, arn: this.destinationArn(n, region), creationTime: 1 })) }];
        }
        case 'DeleteDestination':
          if (!this.destinations.delete(String(input.destinationName))) return error('ResourceNotFoundException', 'The specified destination does not exist.');
          return [200, {}];
        case 'FilterLogEvents':
          if (!group) return missing();
          return [200, { events: group.events.filter((e) => e.timestamp >= Number(input.startTime ?? 0)).map((e, i) => ({ ...e, eventId: String(i), logStreamName: 'DestinationDelivery' })) }];
      }
    }
    if (service === 'firehose') {
      const name = String(input.DeliveryStreamName ?? '');
      const stream = this.streams.get(name);
      const missing = () => error('ResourceNotFoundException', `Firehose ${name} under account ${this.account} not found.`);
      switch (operation) {
        case 'DescribeDeliveryStream': {
          if (!stream) return missing();
          if (stream.status === 'CREATING' && stream.describesUntilActive-- <= 0) stream.status = 'ACTIVE';
          const { S3Configuration, ...splunk } = stream.splunk as Record<string, unknown> & { S3Configuration?: Record<string, unknown> };
          return [
            200,
            {
              DeliveryStreamDescription: {
                DeliveryStreamName: name,
                DeliveryStreamARN: `arn:aws:firehose:us-east-1:${this.account}:deliverystream/${name}`,
                DeliveryStreamStatus: stream.status,
                DeliveryStreamType: 'DirectPut',
                VersionId: String(stream.versionId),
                CreateTimestamp: 1_700_000_000,
                Destinations: [{ DestinationId: 'destinationId-000000000001', SplunkDestinationDescription: { ...splunk, S3DestinationDescription: S3Configuration } }],
                HasMoreDestinations: false,
              },
            },
          ];
        }
        case 'CreateDeliveryStream':
          if (stream) return error('ResourceInUseException', `Firehose ${name} under account ${this.account} already exists.`);
          this.streams.set(name, {
            status: 'CREATING',
            describesUntilActive: this.creatingDescribes,
            versionId: 1,
            splunk: input.SplunkDestinationConfiguration as Record<string, unknown>,
            tags: Object.fromEntries(((input.Tags as Array<{ Key: string; Value: string }>) ?? []).map((t) => [t.Key, t.Value])),
          });
          return [200, { DeliveryStreamARN: `arn:aws:firehose:us-east-1:${this.account}:deliverystream/${name}` }];
        case 'UpdateDestination':
          if (!stream) return missing();
          if (String(input.CurrentDeliveryStreamVersionId) !== String(stream.versionId)) return error('ConcurrentModificationException', 'version id mismatch');
          // Firehose changes S3BackupMode from FailedEventsOnly to AllEvents only (API_SplunkDestinationUpdate).
          if (stream.splunk.S3BackupMode === 'AllEvents' && (input.SplunkDestinationUpdate as Record<string, unknown>).S3BackupMode === 'FailedEventsOnly') {
            return error('InvalidArgumentException', 'S3BackupMode cannot be updated from AllEvents to FailedEventsOnly.');
          }
          stream.splunk = { ...stream.splunk, ...(input.SplunkDestinationUpdate as Record<string, unknown>) };
          stream.versionId++;
          return [200, {}];
        case 'PutRecordBatch': {
          if (!stream) return missing();
          const records = input.Records as Array<{ Data: string }>;
          if (records.length > 500) return error('InvalidArgumentException', 'At most 500 records per PutRecordBatch call.');
          (stream.put ??= []).push(...records.map((r) => Buffer.from(r.Data, 'base64')));
          return [200, { FailedPutCount: 0, Encrypted: false, RequestResponses: records.map(() => ({ RecordId: this.id('rec-') })) }];
        }
        case 'ListTagsForDeliveryStream':
          if (!stream) return missing();
          return [200, { Tags: Object.entries(stream.tags).map(([Key, Value]) => ({ Key, Value })), HasMoreTags: false }];
        case 'DeleteDeliveryStream':
          if (!stream) return missing();
          this.streams.delete(name);
          return [200, {}];
      }
    }
    if (op === 'secretsmanager:GetSecretValue') {
      const secret = this.secrets.get(String(input.SecretId));
      if (secret === undefined) return error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return [200, { ARN: input.SecretId, Name: 'hec', SecretString: secret }];
    }
    return error('UnknownOperationException', `the fake does not serve ${op}`);
  }

  // ---- Lambda (REST JSON) ----
  private lambda(method: string, uri: string, body: string): Reply {
    const path = uri.split('?')[0] ?? '';
    const match = /^\/2015-03-31\/functions(?:\/([^/]+))?(?:\/(code|configuration))?$/.exec(path);
    const name = decodeURIComponent(match?.[1] ?? '');
    const part = match?.[2];
    const operation =
      method === 'GET' ? 'GetFunction'
      : method === 'POST' ? 'CreateFunction'
      : method === 'DELETE' ? 'DeleteFunction'
      : part === 'code' ? 'UpdateFunctionCode' : 'UpdateFunctionConfiguration';
    const injected = this.takeInjected(`lambda:${operation}`);
    const error = (status: number, code: string, message: string): Reply => [status, { Type: 'User', message }, { 'x-amzn-errortype': code }];
    if (injected) return error(injected.status, injected.code, injected.message);
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const fn = this.functions.get(name);
    const missing = () => error(404, 'ResourceNotFoundException', `Function not found: arn:aws:lambda:us-east-1:${this.account}:function:${name}`);
    const sha = (zip: unknown) => createHash('sha256').update(Buffer.from(String(zip), 'base64')).digest('base64');
    switch (operation) {
      case 'GetFunction':
        if (!fn) return missing();
        return [200, { Configuration: fn.config, Code: { RepositoryType: 'S3' }, Tags: fn.tags }];
      case 'CreateFunction': {
        const functionName = String(input.FunctionName);
        if (this.functions.has(functionName)) return error(409, 'ResourceConflictException', `Function already exist: ${functionName}`);
        const { Code, Tags, ...config } = input as { Code: { ZipFile: string }; Tags?: Record<string, string> } & Record<string, unknown>;
        const created = {
          config: { ...config, FunctionArn: `arn:aws:lambda:us-east-1:${this.account}:function:${functionName}`, CodeSha256: sha(Code.ZipFile), State: 'Active', LastUpdateStatus: 'Successful' },
          tags: Tags ?? {},
        };
        this.functions.set(functionName, created);
        return [201, created.config];
      }
      case 'UpdateFunctionCode':
        if (!fn) return missing();
        fn.config.CodeSha256 = sha(input.ZipFile);
        return [200, fn.config];
      case 'UpdateFunctionConfiguration':
        if (!fn) return missing();
        Object.assign(fn.config, input);
        return [200, fn.config];
      case 'DeleteFunction':
        if (!fn) return missing();
        this.functions.delete(name);
        return [204, ''];
    }
    return error(400, 'InvalidRequest', 'unknown');
  }
}
