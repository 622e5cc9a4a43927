// V8 garbage-collector settings for fedsim's own processes: the `fedsim` command
// (bin/fedsim.mjs) and the benchmarks' children (bench/run.ts), so the benchmark
// figures are what users get.
//
// --max-semi-space-size=64: a bigger young generation. A run makes many
//   short-lived objects (requests, state events in flight); with the default most
//   of them live through a scavenge or two and get copied. 64 MiB semi-spaces cut
//   that cost by about a tenth on the benchmarks, for about 100 MiB more memory.
// --heap-growing-percent=100: after a full collection the old generation may grow
//   to twice what survived it before the next one. Left to itself V8 picks the
//   factor from how fast it marks compared with how fast the program allocates,
//   and for a million-join run it picks 4: peak resident memory then went past
//   4 GiB (4.3 GiB, against 2.8-2.9 GiB with 2), for no gain in time.
export const GC_FLAGS = ['--max-semi-space-size=64', '--heap-growing-percent=100'];
