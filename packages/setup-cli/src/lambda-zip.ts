import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LambdaZipMissingError } from './errors.js';

/** The transform Lambda's deployment zip, as its package exports it. */
export const LAMBDA_ZIP_SPECIFIER = '@firehose-splunk/transform-lambda/lambda.zip';

/**
 * Where the installed transform-lambda package (a dependency of this one) keeps its zip:
 * resolved through that package's `exports`, so it works the same in this repository and in
 * an npm install, wherever npm put the package.
 */
export function lambdaZipPath(): string {
  try {
    return createRequire(import.meta.url).resolve(LAMBDA_ZIP_SPECIFIER);
  } catch (error) {
    throw new LambdaZipMissingError(`${LAMBDA_ZIP_SPECIFIER} cannot be resolved: reinstall @firehose-splunk/setup-cli, which depends on it`, error);
  }
}

/** The zip's bytes, or an error that says how to get it. */
export function readLambdaZip(path?: string): Buffer {
  const at = path ?? lambdaZipPath();
  try {
    return readFileSync(at);
  } catch (error) {
    throw new LambdaZipMissingError(`the transform Lambda zip ${at} is missing: in this repository, run "npx -y pnpm@10 build" first`, error);
  }
}
