import v8 from 'node:v8';

/**
 * How long V8 runs a function before it optimises it (its interrupt budget, in bytecode executed;
 * V8's default is 67,584 in Node 20): seven times the default here.
 */
export const SHARED_CORES_BUDGET = 500_000;

/** Whether a scan shares the cores: worker threads scanning beside this one, or git writing history. */
export function scanSharesCores(source: { kind: string; jobs?: number }): boolean {
  return source.kind === 'history' || (source.kind === 'tree' && (source.jobs ?? 1) > 1);
}

/**
 * Lets V8 gather more type feedback before it optimises, for a scan that shares the cores. V8
 * compiles an optimised function on a background thread, and drops it (and compiles it again) when
 * a path it had not seen yet runs (the first binary file, the first large one, the first file a
 * rule reads): on one thread that compiling runs on an idle core, but with every core scanning, or
 * git producing the history on the other, it takes time from the scan, twice per function that is
 * dropped, once per thread. Measured on two cores: scans with threads 5-7% quicker, the history
 * scan 2-7%; a one-thread scan was 2-6% slower, so it keeps V8's default. The setting is for the
 * whole process: the CLI's only (the editor's scans run in VS Code's extension host, left as is).
 */
export function optimiseLaterForSharedCores(): void {
  try {
    v8.setFlagsFromString(`--interrupt-budget=${SHARED_CORES_BUDGET}`);
  } catch {
    // A runtime whose flags are frozen once V8 starts: the scan runs as it would have, at V8's pace.
  }
}
