// Makes sure Debian's Chromium is there for the browser tests (never Playwright's
// own download, which cannot work on a machine without internet). Installs it with
// apt-get when running as root on Debian; otherwise says what to install.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CHROMIUM = process.env.FEDSIM_CHROMIUM || '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !existsSync('/usr/bin/apt-get')) {
  console.error(`fedsim: the browser tests need Chromium at ${CHROMIUM}. Install Debian's package: sudo apt-get install -y chromium`);
  process.exit(1);
}
console.error('fedsim: installing Debian chromium for the browser tests (apt-get)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
