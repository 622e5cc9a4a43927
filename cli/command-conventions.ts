/**
 * The conventions every command of the registry gets, including commands added
 * later by other modules: the exit codes at the end of `--help`, examples for the
 * commands that do not add their own (a table here), and `--format text|json` for
 * a command that only has a `--json` flag, which then stays as a hidden alias.
 */
import type { Argv, CommandModule } from 'yargs';
import { EXIT_CODES_EPILOGUE } from './help-text';

/** Examples for commands whose modules do not call withExamples. */
const EXAMPLES: Record<string, ReadonlyArray<readonly [string, string]>> = {
  sweep: [
    ['$0 sweep scenarios/examples/seed-failover.yaml --vary network.loss=0,0.1,0.3 --replications 20 --out sweep-loss', 'three loss rates, twenty runs each; sweep-loss/sweep.json and sweep.csv'],
    ['$0 sweep lab.yaml --vary network.loss=0,0.2 --replications 100 --queue redis://127.0.0.1:6379', 'the same on a job queue served by fedsim worker'],
    ['$0 sweep merge a/sweep.json b/sweep.json --out merged', 'join the shards of one sweep'],
  ],
  worker: [
    ['$0 worker --queue redis://127.0.0.1:6379', 'serve sweep runs from the queue until stopped'],
    ['$0 worker --queue redis://127.0.0.1:6379 --concurrency 2', 'two runs at once'],
  ],
  resilience: [
    ['$0 resilience scenarios/gallery/allow-typo.yaml', 'the servers the restricted rooms cannot do without'],
    ['$0 resilience lab.yaml --verify --format json', 'check each by crashing it, and print JSON'],
  ],
};

/** The command's name: "run <file>" → "run". */
export function commandName(module: CommandModule<object, never>): string {
  const command = Array.isArray(module.command) ? module.command[0] : module.command;
  return String(command ?? '').split(' ')[0] ?? '';
}

/** `module` with the shared conventions applied around its own builder. */
export function withConventions(module: CommandModule<object, never>): CommandModule<object, never> {
  const own = module.builder;
  const name = commandName(module);
  return {
    ...module,
    builder: ((yargs: Argv) => {
      let y: Argv = typeof own === 'function' ? ((own as (y: Argv) => Argv)(yargs) ?? yargs) : own ? yargs.options(own) : yargs;
      const options = (y as unknown as { getOptions(): { key: Record<string, unknown>; boolean: string[] } }).getOptions();
      if (options.boolean.includes('json') && options.key.format === undefined) {
        y = y
          .option('format', { type: 'string', choices: ['text', 'json'], describe: 'text, or json (default text)', requiresArg: true })
          .option('json', { type: 'boolean', hidden: true })
          .middleware((args) => {
            if (args.format === 'json') args.json = true;
          });
      }
      for (const [command, description] of EXAMPLES[name] ?? []) y = y.example(command, description);
      return y.epilogue(EXIT_CODES_EPILOGUE);
    }) as never,
  };
}
