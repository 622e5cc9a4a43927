/**
 * The visualiser's door for code outside viz/ (benchmarks): its pure view-model
 * selectors, from a dataset (scenario, report, trace) to what the views draw.
 * The app itself starts at viz/index.html and viz/src.
 */

/** The loaded scenario, report and trace a view model reads. */
export type { Dataset } from './model/dataset';
/** Per server, how often it answered each category, up to time t. */
export { errcodeMatrixAt } from './model/matrix';
/** The joins a filter keeps; the filter that keeps all. */
export { filterJoins, NO_FILTER } from './model/join-filter';
/** One join's requests and answers as a ladder diagram. */
export { ladderOf } from './model/ladder';
/** Which server holds which room, and with what membership, at time t. */
export { participationAt } from './model/participation';
/** The instants at which anything happens. */
export { momentsOf } from './model/timeline';
/** The federation graph's layout (seeded, so it repeats). */
export { layoutGraph } from './model/graph-layout';
/** Each server's status in one join, or over the whole run. */
export { statusForJoin, statusOverall } from './model/server-status';
/** Reads a run report one join at a time, for reports longer than a string can hold. */
export { createReportScanner } from './model/report-stream';
