/**
 * An imported scenario as file text: YAML (the default) with the warnings as
 * comments at the top, or JSON. The first line marks the file as fedsim's, so a
 * later import may replace it without --force (cli/io/output-file.ts).
 */
import { stringify } from 'yaml';
import type { RawScenario } from './types';

/** A warning as one comment line: no line breaks can escape the comment. */
function comment(text: string): string {
  return `# ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`;
}

export function toScenarioText(scenario: RawScenario, warnings: readonly string[], format: 'yaml' | 'json', sources: readonly string[]): string {
  if (format === 'json') return JSON.stringify(scenario, null, 2) + '\n';
  const header = [
    comment(`written by fedsim import from ${sources.join(', ')}`),
    ...(warnings.length > 0 ? ['#', comment(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}: what could not be used`), ...warnings.map((w) => comment(`warning: ${w}`))] : []),
    '',
  ];
  return header.join('\n') + stringify(scenario, { lineWidth: 0 });
}
