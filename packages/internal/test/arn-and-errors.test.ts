import { describe, expect, it } from '@jest/globals';
import { parseArn } from '../src/arn.js';
import { CodedError, hasCode } from '../src/coded-error.js';
import { errorMessage, errorText } from '../src/error-text.js';

describe('parseArn', () => {
  it('splits Firehose, Kinesis, Lambda and Secrets Manager ARNs', () => {
    expect(parseArn('arn:aws:firehose:eu-west-1:123456789012:deliverystream/splunk-logs')).toMatchObject({
      service: 'firehose',
      region: 'eu-west-1',
      accountId: '123456789012',
      resourceName: 'splunk-logs',
    });
    expect(parseArn('arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/a/b')?.resourceName).toBe('a/b');
    expect(parseArn('arn:aws:lambda:us-east-1:123456789012:function:transform')?.resourceName).toBe('transform');
    expect(parseArn('arn:aws:iam::123456789012:role/x')).toMatchObject({ region: '', resourceName: 'x' });
    expect(parseArn('arn:aws:s3:::bucket-name')).toMatchObject({ accountId: '', resourceName: 'bucket-name' });
  });

  it('refuses what is not an ARN', () => {
    for (const text of ['', 'deliverystream/x', 'arn:aws:firehose:eu-west-1:12345:deliverystream/x', 'arn:aws:firehose']) {
      expect(parseArn(text)).toBeUndefined();
    }
  });
});

describe('error text', () => {
  it('names the error and keeps its message', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(errorText(throttled)).toBe('ThrottlingException: Rate exceeded');
    expect(errorMessage(throttled)).toBe('Rate exceeded');
    expect(errorText('plain')).toBe('Error: plain');
    expect(errorText({ Code: 'NoSuchBucket', message: 'gone' })).toBe('NoSuchBucket: gone');
    expect(errorMessage(undefined)).toBe('undefined');
  });

  it('CodedError carries its code, its subclass name and the cause', () => {
    class ExampleError extends CodedError<'EXAMPLE'> {
      constructor(cause: unknown) {
        super('EXAMPLE', 'example failed', { cause });
      }
    }
    const cause = new Error('root');
    const error = new ExampleError(cause);
    expect(error.code).toBe('EXAMPLE');
    expect(error.name).toBe('ExampleError');
    expect(error.cause).toBe(cause);
    expect(hasCode(error, 'EXAMPLE')).toBe(true);
    expect(hasCode(cause, 'EXAMPLE')).toBe(false);
    expect('cause' in new CodedError('X', 'no cause')).toBe(false);
  });
});
