/**
 * `fedsim schema`: the JSON Schema (draft 2020-12) of the scenario format, for
 * editors. With the YAML language server, a first line
 * `# yaml-language-server: $schema=PATH` in a scenario gives completion of keys
 * and flags typos while typing; the shipped scenarios carry one pointing at
 * docs/scenario.schema.json, which is this command's output.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../engine/index';
import type { CliContext } from '../cli-context';
import { withExamples } from '../help-text';
import { checkWritable, isStdout, writeOutputFile } from '../io/output-file';
import { outPath, withOutOption } from '../options';

interface SchemaArgs {
  out?: string;
  force?: boolean;
}

/** The schema as `fedsim schema` prints it. */
export function scenarioSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}

export function schemaCommand(context: CliContext): CommandModule<object, SchemaArgs> {
  return {
    command: 'schema',
    describe: 'print the JSON Schema of scenario files, for editors (YAML language server)',
    builder: (yargs: Argv) => {
      let y = withOutOption(yargs as unknown as Argv<SchemaArgs>, 'write the schema to this file (default and -: standard output)');
      y = y.option('force', { type: 'boolean', describe: 'replace the output file even if fedsim did not write it (regular files only)' });
      return withExamples(y, [
        ['$0 schema -o scenario.schema.json', 'write the schema next to your scenarios'],
        ['$0 schema | jq .properties.rooms', 'look at one part of it'],
      ]);
    },
    handler: (args: ArgumentsCamelCase<SchemaArgs>) => {
      const out = outPath(args);
      if (out === undefined || isStdout(out)) {
        context.io.stdout(scenarioSchemaText());
        return;
      }
      checkWritable(out, { force: args.force ?? false });
      writeOutputFile(out, scenarioSchemaText(), { force: args.force ?? false });
    },
  };
}
