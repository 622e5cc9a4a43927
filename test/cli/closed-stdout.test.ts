/**
 * A reader that goes away (`| head`) ends the command quietly: no stack trace, no
 * message, the status a shell gives a command stopped by SIGPIPE (141), and no
 * partial output file left behind.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './helpers';
import { spawnPipeline } from './spawn';

describe('a closed standard output', () => {
  it('fedsim generate | head -1 ends quietly with 141', () => {
    const run = spawnPipeline('"$FEDSIM" generate --servers 300 | head -1 > /dev/null; echo "status ${PIPESTATUS[0]}"');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('status 141\n');
  });

  it('fedsim run FILE --format json | head -c 50 ends quietly, and writes its report file whole or not at all', () => {
    const dir = scratchDir();
    const run = spawnPipeline(`"$FEDSIM" run scenarios/generated/heavy-tail.yaml --json --trace ${dir}/t.jsonl | head -c 50 > /dev/null; echo "status \${PIPESTATUS[0]}"`);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('status 141\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
