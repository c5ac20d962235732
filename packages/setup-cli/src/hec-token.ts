import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { errorName } from './aws/errors.js';
import { HecTokenError } from './errors.js';
import type { Io } from './io.js';
import type { HecTokenSource } from './settings.js';

/**
 * Reads the HEC token from its source. Errors name the source, never the token; a JSON
 * secret may hold it under "token" or "HECToken".
 */
export async function readHecToken(source: HecTokenSource, io: Io, secrets: () => SecretsManagerClient): Promise<string> {
  let token: string | undefined;
  if (source.kind === 'env') {
    token = io.env[source.variable];
    if (!token) throw new HecTokenError(`${source.variable} is not set: export the HEC token there, or use --hec-token-file, --hec-token-stdin or --hec-token-secret-arn`);
  } else if (source.kind === 'file') {
    try {
      token = readFileSync(source.path, 'utf8');
    } catch (error) {
      throw new HecTokenError(`--hec-token-file ${source.path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, error);
    }
  } else if (source.kind === 'stdin') {
    token = await io.readStdin();
  } else {
    let secret: string | undefined;
    try {
      secret = (await secrets().send(new GetSecretValueCommand({ SecretId: source.secretArn }))).SecretString;
    } catch (error) {
      throw new HecTokenError(`secretsmanager:GetSecretValue on ${source.secretArn} failed: ${errorName(error)}: grant it to these credentials or check the ARN`, error);
    }
    token = secret;
    if (secret?.trim().startsWith('{')) {
      const parsed = JSON.parse(secret) as Record<string, string>;
      token = parsed.token ?? parsed.HECToken;
    }
  }
  token = token?.trim();
  if (!token) throw new HecTokenError(`the HEC token from ${source.kind === 'secrets-manager' ? source.secretArn : source.kind} is empty`);
  return token;
}
