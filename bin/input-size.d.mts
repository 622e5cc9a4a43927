/** Whether running `argv` (the arguments after the script) may need a heap bigger than `heapLimit` bytes (see input-size.mjs). */
export declare function needsBiggerHeap(argv: readonly string[], heapLimit: number, cwd: string): boolean;
