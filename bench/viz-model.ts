/**
 * Benchmark of the visualiser's view-model selectors on the scale workload
 * (1,000 servers, 10,000 joins): what one scrub, one selection or one filter
 * costs before any drawing. Run: npx tsx bench/viz-model.ts [--small]
 * Writes the "model" section of bench/baselines-viz.json.
 */
import { validateScenario, runScenario, type TraceEvent } from '../engine/index';
import { errcodeMatrixAt, filterJoins, NO_FILTER, ladderOf, participationAt, momentsOf, layoutGraph, statusForJoin, statusOverall, type Dataset } from '../viz/index';
import { FULL_SIZE, makeWorkload } from './viz-workload';
import { time, writeSection } from './viz-baselines';

const small = process.argv.includes('--small');
const size = small ? { servers: 100, joins: 1000, rooms: 10 } : FULL_SIZE;

let start = performance.now();
const validated = validateScenario(JSON.parse(JSON.stringify(makeWorkload(size))), 'workload.json');
if (!validated.ok) throw new Error(validated.problems.map((p) => p.message).join('\n'));
const validateMs = performance.now() - start;
const trace: TraceEvent[] = [];
start = performance.now();
const { report } = runScenario(validated.scenario, { onTrace: (e) => trace.push(e) });
const simulateMs = performance.now() - start;
const dataset: Dataset = { name: 'workload', source: 'scenario', scenarioKey: null, report, trace, scenario: validated.scenario };
const mid = Math.round(report.endedAt / 2);
const join = report.joins[Math.floor(report.joins.length / 2)]!;

const figures = {
  workload: { ...size, traceRecords: trace.length, attempts: report.joins.reduce((n, j) => n + j.attempts.length, 0), reportBytes: JSON.stringify(report).length },
  validateMs: Math.round(validateMs),
  simulateMs: Math.round(simulateMs),
  selectorsMs: {
    errcodeMatrixAtMid: time(() => errcodeMatrixAt(report.joins, mid)),
    errcodeMatrixAtEnd: time(() => errcodeMatrixAt(report.joins, report.endedAt)),
    filterByOutcome: time(() => filterJoins(report.joins, { ...NO_FILTER, outcome: 'failed' })),
    filterBySearch: time(() => filterJoins(report.joins, { ...NO_FILTER, search: 'hs7' })),
    filterByCell: time(() => filterJoins(report.joins, { ...NO_FILTER, cell: { server: 'hs1.example', answer: '200' } })),
    ladderOfOneJoin: time(() => ladderOf(dataset, join, report.endedAt)),
    participationAtMid: time(() => participationAt(dataset, mid)),
    participationAtMidFor40Rows: time(() => participationAt(dataset, mid, new Set(dataset.report.joins.slice(0, 40).map((j) => j.attempts[0]?.server ?? '')))),
    graphStatusOverall: time(() => statusOverall(errcodeMatrixAt(report.joins, mid))),
    graphStatusForJoin: time(() => statusForJoin(join, mid)),
    momentsOf: time(() => momentsOf(dataset), 3),
    layoutGraph: time(() => layoutGraph(dataset), 3),
  },
};
console.log(JSON.stringify(figures, null, 2));
if (!small) writeSection('model', figures);
