/**
 * Every command of the CLI, in the order `--help` lists them. A new command is a
 * module in this folder plus one line here.
 */
import type { CommandModule } from 'yargs';
import type { CliContext } from '../cli-context';
import { runCommand } from './run';
import { lintCommand } from './lint';
import { testCommand } from './test';
import { explainCommand } from './explain';
import { importCommand } from './import';
import { vizCommand } from './viz';
import { generateCommand } from './generate';
import { resilienceCommand } from './resilience';
import { schemaCommand } from './schema';
import { sweepCommand } from './sweep';

export function commandModules(context: CliContext): CommandModule<object, never>[] {
  return [runCommand(context), lintCommand(context), testCommand(context), explainCommand(context), importCommand(context), vizCommand(context), generateCommand(context), resilienceCommand(context), schemaCommand(context), sweepCommand(context)] as unknown as CommandModule<object, never>[];
}
