import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own folder, found from wherever this code runs (src/ in tests, dist/ installed). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@firehose-splunk/hec-mock') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('hec-mock cannot find its own package.json');
    dir = parent;
  }
}

let script: Buffer | undefined;

/**
 * The web view's script, bundled by the package build (ui/app.ts -> dist/ui/app.js, preact
 * and htm included): everything is served by the mock itself, nothing from another origin.
 */
export function uiScript(): Buffer | undefined {
  if (script) return script;
  const path = join(packageRoot(), 'dist', 'ui', 'app.js');
  if (!existsSync(path)) return undefined;
  script = readFileSync(path);
  return script;
}

/** The page: a shell that loads the script; the inspection token, if any, travels in its URL. */
export const UI_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hec-mock</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="app"></div>
<script type="module" src="/__mock/ui/app.js"></script>
</body>
</html>
`;
