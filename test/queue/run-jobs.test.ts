import { describe, expect, it } from 'vitest';
import { runJobId, type RunJobData } from '../../cli/queue/run-jobs';

const RUN: RunJobData = { fedsim: '0.1.0', scenarioHash: 'ab'.repeat(32), pointIndex: 2, replication: 3, seed: '7/2/3', fileName: 'study.yaml' };

describe('a run’s job id', () => {
  it('is the same for the same run, so a re-sent job is the job already there', () => {
    expect(runJobId({ ...RUN })).toBe(runJobId(RUN));
    expect(runJobId({ ...RUN, fileName: 'renamed.yaml' })).toBe(runJobId(RUN));
    expect(runJobId(RUN)).toMatch(/^run-[0-9a-f]{64}$/);
  });

  it.each([
    ['another fedsim version', { fedsim: '0.2.0' }],
    ['another variant', { scenarioHash: 'cd'.repeat(32) }],
    ['another point', { pointIndex: 1 }],
    ['another replication', { replication: 4 }],
    ['another seed', { seed: '8/2/3' }],
  ])('differs for %s', (_, change) => {
    expect(runJobId({ ...RUN, ...change })).not.toBe(runJobId(RUN));
  });
});
