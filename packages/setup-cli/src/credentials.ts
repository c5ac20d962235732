import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface CredentialOptions {
  profile?: string;
  assumeRoleArn?: string;
  externalId?: string;
}

/** The SDK's default chain, a named profile, or a role assumed from either (cross-account runs). */
export function credentialsFor(options: CredentialOptions, region: string): AwsCredentialIdentityProvider {
  const base = options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain();
  if (!options.assumeRoleArn) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    clientConfig: { region },
    params: {
      RoleArn: options.assumeRoleArn,
      RoleSessionName: 'firehose-splunk',
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
  });
}
