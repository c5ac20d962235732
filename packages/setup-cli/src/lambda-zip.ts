import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `pnpm build` puts the transform Lambda's deployment zip. */
export const LAMBDA_ZIP = fileURLToPath(new URL('../../transform-lambda/dist/transform-lambda.zip', import.meta.url));

/** The zip's bytes, or an error that says how to build it. */
export function readLambdaZip(path = LAMBDA_ZIP): Buffer {
  if (!existsSync(path)) throw new Error(`the transform Lambda zip ${path} is missing: run "npx -y pnpm@10 build" first`);
  return readFileSync(path);
}
