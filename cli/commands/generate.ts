/**
 * `fedsim generate`: a heavy-tailed federation (servers, users, spaces, restricted
 * rooms, a join workload, deliberate misconfigurations) written as a scenario file,
 * JSON by default so large ones load fast. With no `-o` it goes to standard output,
 * so `fedsim generate ... | fedsim run -` works.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { stringify } from 'yaml';
import {
  checkGenerate,
  defaultOptions,
  expandGenerate,
  scenarioJsonChunks,
  toScenarioFile,
  type Scenario,
} from '../../engine/index';
import { InputProblems, type CliContext } from '../cli-context';
import { withExamples } from '../help-text';
import { estimateGenerateBytes, formatBytes, memoryBudgetBytes } from '../io/generate-budget';
import { checkWritable, isStdout, writeOutputFile } from '../io/output-file';
import { formatOf, outPath, withFormatOption, withOutOption } from '../options';

/** Flag name (camelCase, as yargs gives it) to `generate` option, for the options that are plain numbers. */
const NUMBER_FLAGS = [
  'servers',
  'users',
  'rooms',
  'spaces',
  'inSpace',
  'restricted',
  'allowRooms',
  'inviteLevel',
  'moderators',
  'outsiders',
  'joins',
  'start',
  'rate',
  'via',
  'loss',
  'serverSkew',
  'roomSkew',
  'minRoomSize',
  'maxRoomSize',
] as const;

type GenerateArgs = { [K in (typeof NUMBER_FLAGS)[number]]?: string | number } & {
  seed?: string;
  name?: string;
  mix?: string;
  latency?: string;
  misconfig?: string;
  roomVersion?: string;
  out?: string;
  output?: string;
  format?: 'json' | 'yaml';
  force?: boolean;
};

const DESCRIBE: Record<(typeof NUMBER_FLAGS)[number], string> = {
  servers: 'servers (default 50); users per server follow Zipf, s1 is the biggest',
  users: 'users in all (default 10 per server)',
  rooms: 'ordinary rooms, spaces not counted (default 10 per server)',
  spaces: 'spaces (default rooms / 20)',
  inSpace: 'share of rooms that belong to a space (default 0.6)',
  restricted: 'share of rooms in a space that are restricted to it (default 0.5)',
  allowRooms: 'allow entries per restricted room: its space, then other spaces (default 1)',
  inviteLevel: 'invite power level in restricted rooms (default 0)',
  moderators: 'share of initial members with power 50 (default 0.05)',
  outsiders: 'share of joins into restricted rooms by users in no allowed room (default 0.1)',
  joins: 'joins in the workload (default 10 per room)',
  start: 'time of the first join in ms (default 1000)',
  rate: 'joins per second of simulated time, a Poisson process (default 100)',
  via: 'servers in each join\'s via: the room\'s server, then its biggest residents (default 3)',
  loss: 'probability that a message is lost (default 0)',
  serverSkew: 'Zipf exponent of users per server (default 1.1)',
  roomSkew: 'Pareto shape of room sizes; smaller is heavier-tailed (default 1.5)',
  minRoomSize: 'smallest room at t = 0 (default 2)',
  maxRoomSize: 'biggest room at t = 0 (default 1000)',
};

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** "a=0.8,b=0.2" to { a: 0.8, b: 0.2 }; a value that is not a number is kept as text for the validator to name. */
function parsePairs(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [key, value = ''] = part.split('=', 2).map((s) => s.trim()) as [string, string?];
    const number = Number(value);
    out[key] = value !== '' && Number.isFinite(number) ? number : value;
  }
  return out;
}

const LATENCY_FORMS = 'fixed:MS, uniform:MIN:MAX or lognormal:MEDIAN:SIGMA';

/** "fixed:50", "uniform:20:200" or "lognormal:80:0.6" as the scenario format's latency object; anything else is a flag problem in the user's words. */
function parseLatency(text: string, problems: string[]): unknown {
  const [form, ...parts] = text.split(':');
  const n = parts.map(numberFlag);
  if (form === 'fixed' && n.length === 1) return { fixed: n[0] };
  if (form === 'uniform' && n.length === 2) return { uniform: n };
  if (form === 'lognormal' && n.length === 2) return { lognormal: { median: n[0], sigma: n[1] } };
  problems.push(`fedsim generate: --latency: expected ${LATENCY_FORMS}, got ${JSON.stringify(text)}`);
  return undefined;
}

/**
 * A number flag's text as a number, or the text itself when it is not one, so the
 * validator says `got "abc"` (yargs' own number type would say `got NaN`). An
 * integer too large to hold exactly is refused here, in the user's digits.
 */
function numberFlag(text: string | number): number | string {
  const trimmed = String(text).trim();
  if (trimmed === '' || !Number.isFinite(Number(trimmed))) return String(text);
  const value = Number(trimmed);
  if (/^[-+]?\d+$/.test(trimmed) && !Number.isSafeInteger(value)) return String(text);
  return value;
}

/** Problems of number flags that are integers too large to hold exactly (said in the user's digits). */
function tooLargeFlags(args: GenerateArgs): string[] {
  const problems: string[] = [];
  for (const key of NUMBER_FLAGS) {
    const text = args[key];
    if (text === undefined) continue;
    const trimmed = String(text).trim();
    if (/^[-+]?\d+$/.test(trimmed) && !Number.isSafeInteger(Number(trimmed))) {
      problems.push(`fedsim generate: --${kebab(key)}: ${trimmed} is too large (the largest integer fedsim takes is ${Number.MAX_SAFE_INTEGER})`);
    }
  }
  return problems;
}

/** The `generate` options the flags give (only those given); problems only the flags can have go to `problems`. */
export function generateOptionsFromArgs(args: GenerateArgs, problems: string[] = []): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (args.seed !== undefined) raw.seed = args.seed;
  const tooLarge = tooLargeFlags(args);
  problems.push(...tooLarge);
  for (const key of NUMBER_FLAGS) {
    const value = args[key];
    if (value !== undefined && !tooLarge.some((p) => p.includes(`--${kebab(key)}:`))) raw[key] = numberFlag(value);
  }
  if (args.mix !== undefined) raw.mix = parsePairs(args.mix);
  if (args.misconfig !== undefined) raw.misconfig = parsePairs(args.misconfig);
  if (args.latency !== undefined) {
    const latency = parseLatency(args.latency, problems);
    if (latency !== undefined) raw.latency = latency;
  }
  if (args.roomVersion !== undefined) raw.roomVersion = args.roomVersion;
  return raw;
}

/** The generated scenario for `raw` generate options; flag problems are thrown as `--flag: message` lines. */
export function generateScenario(raw: Record<string, unknown>, name: string, seed: string, flagProblems: readonly string[] = []): Scenario {
  const defaults = defaultOptions(seed);
  const base: Scenario = {
    fedsim: 1,
    name,
    description: `Generated by fedsim generate with ${JSON.stringify(raw)}.`,
    seed,
    errcodes: 'spec',
    network: { latency: defaults.latency, loss: defaults.loss, links: [] },
    servers: [],
    rooms: [],
    timeline: [],
    expect: [],
    generate: raw,
  };
  const checked = checkGenerate(base, 'flags');
  if (!checked.ok || flagProblems.length > 0) {
    throw new InputProblems([
      ...flagProblems,
      ...(checked.ok ? [] : checked.problems).map((p) => {
        const [, key = '', rest = ''] = /^generate\.?([A-Za-z]*)(.*)$/.exec(p.path) ?? [];
        return `fedsim generate: ${key === '' ? '' : `--${kebab(key)}${rest === '' ? '' : ` (${rest.replace(/^\./, '')})`}: `}${p.message}`;
      }),
    ]);
  }
  checkFitsInMemory(checked.options, raw);
  return expandGenerate(base, 'flags');
}

/** Refuses a federation that cannot be built in this machine's memory, saying how much it would take. */
function checkFitsInMemory(options: Parameters<typeof estimateGenerateBytes>[0], raw: Record<string, unknown>): void {
  const needed = estimateGenerateBytes(options);
  const budget = memoryBudgetBytes();
  if (needed <= budget) return;
  const given = Object.keys(raw).filter((key) => (NUMBER_FLAGS as readonly string[]).includes(key));
  const flags = given.length > 0 ? given.map((key) => `--${kebab(key)} ${String(raw[key])}`).join(' ') : 'these options';
  throw new InputProblems([
    `fedsim generate: ${flags}: ${options.servers.toLocaleString('en')} servers, ${options.users.toLocaleString('en')} users, ${(options.rooms + options.spaces).toLocaleString('en')} rooms and ${options.joins.toLocaleString('en')} joins would need about ${formatBytes(needed)} of memory; fedsim can use ${formatBytes(budget)} here`,
  ]);
}

export function generateCommand(context: CliContext): CommandModule<object, GenerateArgs> {
  return {
    command: 'generate',
    describe: 'write a generated heavy-tailed federation as a scenario (JSON; | fedsim run - to run it)',
    builder: (yargs: Argv) => {
      let y = yargs
        .option('seed', { type: 'string', describe: 'seed of the generator and of the scenario (default "0")' })
        .option('name', { type: 'string', describe: 'scenario name (default "generated")' })
        .option('mix', { type: 'string', describe: 'implementation shares, e.g. synapse=0.8,dendrite=0.1,conduwuit=0.1' })
        .option('latency', { type: 'string', describe: `${LATENCY_FORMS} (default lognormal:60:0.5)` })
        .option('misconfig', {
          type: 'string',
          describe: 'rates of misconfigured restricted rooms: allowWithoutAuthoriser=0.02,nobodyCanInvite=0.01,typoAllow=0.01',
        })
        .option('room-version', { type: 'string', describe: 'version of every generated room (default "10")' }) as unknown as Argv<GenerateArgs>;
      y = withOutOption(y, 'write to this file instead of standard output (- for standard output)', ['output']);
      y = withFormatOption(y, ['json', 'yaml'], 'file format (default: from the --out extension, else json)', false);
      y = y.option('force', { type: 'boolean', describe: 'replace the output file even if fedsim did not write it (regular files only)' });
      // Strings, not yargs numbers: "abc" must be reported as the user wrote it, not as NaN.
      for (const key of NUMBER_FLAGS) y = y.option(kebab(key), { type: 'string', requiresArg: true, describe: DESCRIBE[key] });
      return withExamples(y, [
        ['$0 generate --servers 200 --seed 7 -o fed.json', 'a 200-server federation with 20 000 joins, as JSON'],
        ['$0 generate --servers 20 --format yaml', 'a small one, as YAML on standard output'],
        ['$0 generate --servers 1000 | $0 run - --max-joins 20', 'generate and run in one pipe'],
      ]);
    },
    handler: (args: ArgumentsCamelCase<GenerateArgs>) => {
      const seed = args.seed ?? '0';
      const out = outPath(args, ['output']);
      // Before generating: a big federation takes a while, and a bad path is known now.
      if (out !== undefined) checkWritable(out, { force: args.force ?? false });
      const flagProblems: string[] = [];
      const raw = generateOptionsFromArgs(args, flagProblems);
      const scenario = generateScenario(raw, args.name ?? 'generated', seed, flagProblems);
      const format = formatOf(args, out && /\.ya?ml$/i.test(out) ? 'yaml' : 'json');
      const chunks: Iterable<string> =
        format === 'yaml' ? [`# written by fedsim generate\n${stringify(toScenarioFile(scenario), { lineWidth: 0 })}`] : scenarioJsonChunks(scenario);
      if (out === undefined || isStdout(out)) {
        for (const chunk of chunks) context.io.stdout(chunk);
        return;
      }
      writeOutputFile(out, chunks, { force: args.force ?? false });
      context.io.stderr(
        `fedsim: wrote ${out}: ${scenario.servers.length} servers, ${scenario.rooms.length} rooms, ${scenario.timeline.length} joins\n`,
      );
    },
  };
}
