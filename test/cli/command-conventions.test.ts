/**
 * Commands added by other modules get the conventions too: a command with only a
 * `--json` flag gains `--format text|json` (and `--json` leaves its help), and
 * every command's help ends with the exit codes.
 */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { describe, expect, it } from 'vitest';
import { withConventions } from '../../cli/command-conventions';

function jsonOnlyCommand(seen: { json?: boolean }[]): CommandModule<object, never> {
  return {
    command: 'probe <file>',
    describe: 'a command written before the conventions',
    builder: (y: Argv) => y.positional('file', { type: 'string' }).option('json', { type: 'boolean', describe: 'print JSON' }),
    handler: (args: { json?: boolean }) => void seen.push({ json: args.json }),
  } as unknown as CommandModule<object, never>;
}

async function parse(argv: string[], seen: { json?: boolean }[]): Promise<string> {
  let help = '';
  await yargs(argv).command(withConventions(jsonOnlyCommand(seen)) as never).exitProcess(false).strict().parseAsync(argv, {}, (_e, _a, output) => void (help = output));
  return help;
}

describe('command conventions', () => {
  it('gives a --json-only command --format, with --json hidden but working', async () => {
    const seen: { json?: boolean }[] = [];
    await parse(['probe', 'x', '--format', 'json'], seen);
    await parse(['probe', 'x', '--json'], seen);
    await parse(['probe', 'x'], seen);
    expect(seen.map((s) => s.json === true)).toEqual([true, true, false]);
    const help = await parse(['probe', '--help'], seen);
    expect(help).toContain('--format');
    expect(help).not.toContain('--json');
    expect(help).toContain('Exit codes:');
  });
});
