// Whether a fedsim command line may need a bigger heap than this process has:
// bin/fedsim.mjs starts a second Node process (with a heap sized to the machine)
// only then. Judged from the input before anything is parsed:
//
// - the files named on the command line: a run holds about 25 times its
//   scenario file's size at its peak (a million-join file of 119 MB peaked at
//   2.9 GiB of resident memory), so more than a fortieth of the heap limit is too big;
// - a scenario with a `generate:` block, standard input (`-`) and a directory
//   (`fedsim import`) have no size known beforehand: always a bigger heap;
// - `fedsim generate` is judged by the joins it is asked for (about 120 bytes of
//   scenario file each).
// Files after an output option (--report r.json) are not inputs: an old report
// there must not count.
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Heap bytes a run needs per byte of scenario file, with room to spare. */
const HEAP_PER_INPUT_BYTE = 40;
/** Scenario-file bytes per join of a generated federation. */
const BYTES_PER_GENERATED_JOIN = 120;
/** `generate:` in YAML or JSON, as a key. */
const GENERATE_KEY = /(^|[\s{,"'])generate["']?\s*:/m;
const OUTPUT_OPTIONS = /^(-o|--output|--out|--report|--trace|--joins-jsonl|--timings-json)$/;

/**
 * Whether running `argv` (the arguments after the script) may need a heap bigger
 * than `heapLimit` bytes; file names are relative to `cwd`.
 */
export function needsBiggerHeap(argv, heapLimit, cwd) {
  const budget = heapLimit / HEAP_PER_INPUT_BYTE;
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (command === undefined) return false; // --version, --help
  if (command === 'generate') return generatedBytes(argv) > budget;
  let total = 0;
  for (let i = argv.indexOf(command) + 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-') return true;
    if (arg.startsWith('-')) {
      if (OUTPUT_OPTIONS.test(arg)) i++;
      continue;
    }
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch {
      continue; // not a file: a join id, a port, a seed
    }
    if (stat.isDirectory()) return true;
    if (!stat.isFile()) return true; // a pipe or a device: size unknown
    total += stat.size;
    if (total > budget || mentionsGenerate(resolve(cwd, arg), stat.size)) return true;
  }
  return false;
}

/** The scenario-file bytes `fedsim generate` is asked for, from --joins (or what it defaults to). */
function generatedBytes(argv) {
  const option = (name) => {
    const i = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const value = Number(argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1]);
    return Number.isFinite(value) ? value : undefined;
  };
  // The generator's defaults: 10 rooms per server, 10 joins per room.
  const joins = option('joins') ?? (option('rooms') ?? (option('servers') ?? 50) * 10) * 10;
  return joins * BYTES_PER_GENERATED_JOIN;
}

/** Whether the (small) file at `path` has a `generate:` block, whose federation may be of any size. */
function mentionsGenerate(path, size) {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    readSync(fd, buffer, 0, size, 0);
    return GENERATE_KEY.test(buffer.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}
