/** The manifest's file name in dist/. */
export declare const MANIFEST_NAME: string;
/** Paths (relative to `root`, with /) of the sources the build compiles, sorted. */
export declare function listSources(root: string): string[];
/** Size and modification time of each source: [size, mtimeMs] by path. */
export declare function sourceStamps(root: string, sources: readonly string[]): Record<string, [number, number]>;
/** Whether dist/ holds a build of exactly the sources in `root` now. */
export declare function isBuildFresh(root: string): boolean;
