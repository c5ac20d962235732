// The browser lane needs a real Chromium. Puppeteer's own browser download cannot work on
// these machines (no network but the npm registry and Debian's packages), so the lane uses
// Debian's `chromium` package: found at CHROMIUM_PATH or /usr/bin/chromium, and installed
// with apt-get when missing and this runs as root (as CI does). Otherwise it says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(`the browser lane needs Chromium at ${CHROMIUM}: install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH`);
    process.exit(1);
  }
  console.error('installing Debian chromium for the browser lane (apt-get)...');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
console.error(`chromium: ${execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim()}`);
