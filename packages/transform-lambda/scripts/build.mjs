// Builds the package: the library (dist/index.js, dist/config.js and their .d.ts, through the
// workspace's shared build) and the deployable Lambda: dist/lambda/index.mjs, one file with
// every dependency bundled for the nodejs22.x runtime (it runs on Node 20 too), with what is
// loaded only on demand in dist/lambda/chunks/, and dist/lambda/transform-lambda.zip holding them. The zip is reproducible: the same sources give
// the same bytes (fixed entry time, no source map inside, deterministic esbuild output).
//
// Usage: node scripts/build.mjs [--lambda-out DIR]   (DIR: write only the Lambda bundle there)
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage } from '../../../scripts/build-package.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A zip entry's time: fixed, so the zip's bytes depend on the code alone. */
const ZIP_ENTRY_TIME = new Date('2020-01-01T00:00:00Z');

/**
 * Bundles the Lambda into `outDir` and zips it; resolves to the zip's path. What is imported
 * dynamically (the AWS SDK, loaded on the first re-ingest) goes into chunks/ beside index.mjs:
 * a cold start then compiles only the code every invocation runs. One file of 565 KiB took
 * about 55 ms to import on Node 22 here, most of it compiling the SDK no invocation needed.
 */
export async function buildLambda(outDir) {
  mkdirSync(outDir, { recursive: true });
  rmSync(join(outDir, 'chunks'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { index: join(root, 'src/index.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    // Some bundled CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const files = ['index.mjs', ...readdirSync(join(outDir, 'chunks')).sort().map((name) => `chunks/${name}`)];
  const entries = Object.fromEntries(files.map((name) => [name, [readFileSync(join(outDir, name)), { level: 9, mtime: ZIP_ENTRY_TIME }]]));
  const zip = zipSync(entries);
  const zipPath = join(outDir, 'transform-lambda.zip');
  writeFileSync(zipPath, zip);
  const codeBytes = files.reduce((sum, name) => sum + readFileSync(join(outDir, name)).length, 0);
  return { zipPath, codeBytes, entryBytes: readFileSync(join(outDir, 'index.mjs')).length, zipBytes: zip.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--lambda-out');
  if (at > 0) {
    await buildLambda(resolve(process.argv[at + 1]));
  } else {
    const started = Date.now();
    const written = await buildPackage(root);
    const lambda = await buildLambda(join(root, 'dist/lambda'));
    const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
    console.log(
      `@firehose-splunk/transform-lambda: ${written.length} library files, dist/lambda/index.mjs ${kb(lambda.entryBytes)} (${kb(lambda.codeBytes)} with its chunks), dist/lambda/transform-lambda.zip ${kb(lambda.zipBytes)} (${Date.now() - started} ms)`,
    );
  }
}
