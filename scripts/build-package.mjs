// Builds one published package of this workspace into dist/: ESM JavaScript bundled by
// esbuild, and type declarations emitted by tsc beside it.
//
// Conventions, so a package.json alone says what gets built:
//   - every `./dist/<name>.js` named by `exports` or `bin` is built from `src/<name>.ts`;
//   - tsc writes `dist/<name>.d.ts` for every `src/<name>.ts` (tsconfig.build.json), and the
//     build checks that each `types` condition names one of them;
//   - the package's dependencies and peerDependencies stay imports (npm installs them);
//     the workspace's private packages (@firehose-splunk/internal) are bundled in, so an
//     installed package never names them: their declarations are copied to dist/_internal/
//     and the declarations that import them point there. Any other bare import in published
//     code is an error: it would be a dependency npm does not know about.
//
// (dts-bundle-generator was tried for one .d.ts per entry: 33 s for transform-lambda, which
// re-reads the AWS SDK's types; tsc's own emit takes 3 to 4 s.)
//
// Usage: node ../../scripts/build-package.mjs   (from a package folder)
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Private workspace packages that are bundled into whatever uses them. */
export const BUNDLED_WORKSPACE_PACKAGES = ['@firehose-splunk/internal'];

const packageNameOf = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

/** The dist files a package.json publishes as code and as types, each with its source. */
export function entriesOf(pkg) {
  const code = new Set();
  const types = new Set();
  const visit = (target, condition) => {
    if (typeof target === 'string') {
      const match = /^\.\/dist\/(.+)\.(d\.ts|js)$/.exec(target);
      if (!match) return;
      (match[2] === 'd.ts' || condition === 'types' ? types : code).add(match[1]);
    } else if (target && typeof target === 'object') {
      for (const [key, value] of Object.entries(target)) visit(value, key);
    }
  };
  visit(pkg.exports ?? {});
  visit(typeof pkg.bin === 'string' ? { bin: pkg.bin } : (pkg.bin ?? {}));
  return { code: [...code].sort(), types: [...types].sort() };
}

/** Fails the build on a bare import that is neither a dependency nor a bundled workspace package. */
function dependencyGuard(pkg) {
  const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const builtins = new Set(builtinModules);
  return {
    name: 'dependency-guard',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = packageNameOf(args.path);
        if (args.path.startsWith('node:') || builtins.has(name)) return { path: args.path, external: true };
        if (allowed.has(name)) return { path: args.path, external: true };
        if (BUNDLED_WORKSPACE_PACKAGES.includes(name)) return undefined;
        return { errors: [{ text: `${args.path} is imported by ${relative(process.cwd(), args.importer)} but is not in ${pkg.name}'s dependencies: add it there, or keep it out of published code` }] };
      });
    },
  };
}

const require = createRequire(import.meta.url);

/** Every file below `dir`, as paths relative to it. */
function filesBelow(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath ?? d.path, d.name)));
}

/**
 * tsc's declarations for src/ into dist/, with the bundled workspace packages' own
 * declarations copied under dist/_internal/<name>/ and every import of them rewritten to a
 * relative path. Returns the files written.
 */
function emitDeclarations(root, types) {
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  } catch {
    // tsc has printed the type errors; a stack trace of the build script would only bury them.
    console.error(`${relative(process.cwd(), root) || '.'}: tsc found type errors (above); no declarations were written`);
    process.exit(1);
  }
  const dist = join(root, 'dist');
  const copies = new Map();
  for (const name of BUNDLED_WORKSPACE_PACKAGES) {
    const source = join(root, 'node_modules', name, 'dist');
    if (!existsSync(source)) continue;
    const target = join(dist, '_internal', name.split('/').pop());
    for (const file of filesBelow(source).filter((f) => f.endsWith('.d.ts'))) {
      mkdirSync(dirname(join(target, file)), { recursive: true });
      cpSync(join(source, file), join(target, file));
    }
    copies.set(name, join(target, 'index.js'));
  }
  const declarationFiles = filesBelow(dist).filter((f) => f.endsWith('.d.ts'));
  for (const file of declarationFiles) {
    const path = join(dist, file);
    let text = readFileSync(path, 'utf8');
    for (const [name, entry] of copies) {
      let rel = relative(dirname(path), entry);
      if (!rel.startsWith('.')) rel = `./${rel}`;
      text = text.replaceAll(`'${name}'`, `'${rel}'`).replaceAll(`"${name}"`, `"${rel}"`);
    }
    writeFileSync(path, text);
  }
  for (const name of types) {
    if (!declarationFiles.includes(`${name}.d.ts`)) throw new Error(`package.json names dist/${name}.d.ts but tsc wrote no such file: is there a src/${name}.ts?`);
  }
  return declarationFiles.map((f) => join('dist', f));
}

/**
 * Builds the package at `root` (the Lambda adds its own bundle after this). Returns the list
 * of files written.
 */
export async function buildPackage(root = process.cwd(), { declarations = true } = {}) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { code, types } = entriesOf(pkg);
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(code.map((name) => [name, join(root, 'src', `${name}.ts`)])),
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [dependencyGuard(pkg)],
  });
  const written = Object.keys(result.metafile.outputs);
  if (declarations && types.length > 0) written.push(...emitDeclarations(root, types));
  return written;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const started = Date.now();
  const written = await buildPackage(process.cwd(), { declarations: !process.argv.includes('--no-declarations') });
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  console.log(`${pkg.name}: ${written.length} files in dist/ (${Date.now() - started} ms)`);
}
