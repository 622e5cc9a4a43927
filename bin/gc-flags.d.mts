/** V8 garbage-collector flags for fedsim's processes (see gc-flags.mjs for why each). */
export declare const GC_FLAGS: readonly string[];
