/**
 * Removes the partial files of a fedsim process that is stopped before it could
 * (Ctrl-C, SIGTERM, SIGKILL, a crash). A simulation runs synchronously, so a
 * signal handler in this process would run only after it, which would make Ctrl-C
 * wait for the end of the run; instead a small helper process is told each partial
 * file as it is opened and closed, and when this process's end closes the pipe it
 * removes those still open. It sits in its own process group, so Ctrl-C at the
 * terminal does not stop it too. Errors are handled in this process (abandon()).
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The helper: reads "+path" and "-path" lines; at end of input removes what is left. */
const GUARD_SCRIPT = `
const { rmSync } = require('node:fs');
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const open = new Set();
let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (data) => {
  buffered += data;
  for (let i = buffered.indexOf('\\n'); i >= 0; i = buffered.indexOf('\\n')) {
    const line = buffered.slice(0, i);
    buffered = buffered.slice(i + 1);
    if (line[0] === '+') open.add(line.slice(1)); else open.delete(line.slice(1));
  }
});
const end = () => { for (const path of open) { try { rmSync(path, { force: true }); } catch {} } process.exit(0); };
process.stdin.on('end', end);
process.stdin.on('error', end);
`;

let guard: ChildProcess | null | undefined;

function startGuard(): ChildProcess | null {
  try {
    const child = spawn(process.execPath, ['-e', GUARD_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    child.on('error', () => {
      guard = null; // no helper: partial files are still removed on errors, just not on signals
    });
    child.stdin?.on('error', () => {});
    // Neither the helper nor its pipe keeps this process alive.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return child;
  } catch {
    return null;
  }
}

function tell(line: string): void {
  if (guard === undefined) guard = startGuard();
  guard?.stdin?.write(line + '\n');
}

/** `path` is a partial file now: remove it if this process ends before release(). */
export function guardPartialFile(path: string): void {
  if (path.includes('\n')) return; // cannot be said in a line; errors still remove it
  tell(`+${path}`);
}

/** `path` was renamed into place or removed by this process. */
export function releasePartialFile(path: string): void {
  if (path.includes('\n') || !guard) return;
  tell(`-${path}`);
}
