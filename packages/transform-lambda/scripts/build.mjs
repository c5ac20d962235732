// Bundles the handler for the nodejs22.x runtime (and Node 20) and packs a deployable zip.
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'src/index.ts')],
  outfile: join(dist, 'index.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

const code = readFileSync(join(dist, 'index.mjs'));
const zip = zipSync({ 'index.mjs': [code, { level: 9, mtime: new Date('2020-01-01T00:00:00Z') }] });
writeFileSync(join(dist, 'transform-lambda.zip'), zip);
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`transform-lambda: dist/index.mjs ${kb(code.length)}, dist/transform-lambda.zip ${kb(zip.length)}`);
if (result.warnings.length > 0) console.log(`${result.warnings.length} esbuild warnings`);
