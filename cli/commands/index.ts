/**
 * Every command of the CLI, in the order `--help` lists them. A new command is a
 * module in this folder plus one line here.
 */
import type { CommandModule } from 'yargs';
import type { CliContext } from '../cli-context';
import { runCommand } from './run';

export function commandModules(context: CliContext): CommandModule<object, never>[] {
  return [runCommand(context)] as unknown as CommandModule<object, never>[];
}
