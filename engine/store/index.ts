/**
 * How the engine keeps its per-event data in memory: typed arrays and sorted
 * lists behind small interfaces, so that protocol code (matrix/, federation/,
 * run/) says what it wants ("this view's member state of @u") and never how it
 * is laid out. Nothing here knows Matrix rules; this folder imports nothing of
 * the engine's.
 */

/** Where a run's typed arrays come from: one set of big slabs per run (Int32Slabs), or a fresh array each (SEPARATE_ARRAYS). */
export { Int32Slabs, SEPARATE_ARRAYS, type Int32Storage } from './int32-slabs';

/**
 * One room's member events, shared by every view of it in a run, and each
 * view's row (joined users per server, events received, counts): the member
 * state of a view is `memberState(row, user)`, packed as stamp * 8 + code.
 */
export { MemberLog, VIEW_NEEDED, RECENT_RESIDENCY_CHANGES, type LoggedMember } from './member-log';

/** Membership codes of a packed member state, and the outcome bits of applying an event to a row. */
export { CODE_LEAVE, CODE_JOIN, APPLIED, JOINED_CHANGED, RESIDENCY_CHANGED } from './row-apply';

/** Lists of names in default string order, searched by bisection; new arrays on change. */
export { insertionPoint, sortedHas, withName, withoutName } from './sorted-names';

/** The servers an event is known to have reached, as a chain of sorted lists. */
export { KnownServers } from './known-servers';

/** A hash table from integer-valued numbers to small integers in typed arrays (no allocation per operation). */
export { KeyTable } from './key-table';

/** Numbers per (row, key) pair of small integers, each row its own small hash table (lookups of one row stay in the CPU's cache). */
export { RowTables } from './row-tables';

/** A typed array twice as long, with the old contents at its start: how typed tables grow. */
export { doubled } from './doubled';
