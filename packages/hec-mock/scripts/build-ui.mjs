// Bundles the web view (ui/app.ts with preact and htm) into dist/ui/app.js, one file the mock
// serves at /__mock/ui/app.js. Runs after the package build, which empties dist/.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  entryPoints: [join(root, 'ui/app.ts')],
  outfile: join(root, 'dist/ui/app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`@firehose-splunk/hec-mock: dist/ui/app.js ${(bytes / 1024).toFixed(1)} KiB`);
