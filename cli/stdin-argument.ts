/**
 * `-` as an argument means standard input (or output). yargs' parser turns a lone
 * `-` into an empty string or drops it from a list, so main() swaps it for a token
 * the parser leaves alone and swaps it back before any handler runs.
 */

/** The argument that names standard input or output. */
export const STDIO_ARGUMENT = '-';

/** What `-` travels through yargs as (a NUL cannot come from a real command line). */
const TOKEN = '\u0000-';

/** The command line with every lone `-` protected from yargs' parser. */
export function protectDashes(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === STDIO_ARGUMENT ? TOKEN : arg));
}

/** yargs middleware: the protected `-` back in every parsed value (strings and lists). */
export function restoreDashes(args: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(args)) {
    if (value === TOKEN) args[key] = STDIO_ARGUMENT;
    else if (Array.isArray(value) && value.includes(TOKEN)) args[key] = value.map((v) => (v === TOKEN ? STDIO_ARGUMENT : v));
  }
}

/** A message that names `-` as the user wrote it, not as it travelled. */
export function showDashes(message: string): string {
  return message.split(TOKEN).join(STDIO_ARGUMENT);
}
