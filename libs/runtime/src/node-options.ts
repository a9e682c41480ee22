/**
 * The V8 heap settings every bus service runs with, on node's command line: the launcher, the systemd units, the
 * compose file and the benchmarks start the services with them (scripts/deploy-files.spec.ts checks the units and
 * compose against this list).
 *
 * With Node's defaults on a machine with gigabytes of memory, V8 lets the old generation grow to four times what
 * survived its last full collection and keeps 16 MiB semi-spaces (32 MiB of young generation), so a service whose live
 * heap is ~30 MiB reached 190-290 MiB of RSS at N = 5,000 dossiers submitted at once. A heap limit of 256 MiB makes V8
 * grow the old generation by 1.3× instead of 4× (its growing factor scales with the limit and is smallest at 256 MiB
 * and under, so a lower limit would only bring the out-of-memory closer); 4 MiB semi-spaces make the young generation
 * 8 MiB, for ~8 % more CPU in the bus services (more frequent scavenges; `--max-semi-space-size=8`: ~12 MiB more per
 * service, that CPU saved). Documents of 20 MB are held in Buffers, outside the heap limit (`npm run bench:documents`).
 * The figures: docs/benchmarks.md ("Memory per bus service").
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256', '--max-semi-space-size=4'];

/**
 * glibc's allocator settings for the bus services, as the environment variable `GLIBC_TUNABLES` (the launcher, the
 * systemd units, compose and the benchmarks set it; an environment that sets it itself replaces it). Two arenas
 * instead of up to eight per core: the memory V8's and libuv's threads had malloc'd stayed in arenas of their own
 * (up to ~30 MiB in the orchestrator at N = 2,000 at once); a fixed mmap threshold: a buffer over 128 KiB (a received
 * package, a document) is given back to the system when freed, instead of raising the threshold and staying in the
 * heap. Ignored where the C library is not glibc (Alpine).
 */
export const SERVICE_GLIBC_TUNABLES = 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072';
