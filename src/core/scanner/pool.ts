import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FileScanner, type FileResult, type ScanFilesOptions, scanFiles } from './engine';
import type { FileList, FileListOptions, FilePath } from './files';

/**
 * What a scan worker (dist/scanWorker.js) is given: files, or a folder to list first, or nothing
 * until the list arrives in a 'files' message.
 */
export interface WorkerInput {
  /** Paths; a Buffer (a name that is not UTF-8) arrives as a Uint8Array: see {@link asFilePaths}. */
  files?: FilePath[];
  /** Git-ignored `.env` files: only the rules that read them run (see FileList.ignoredEnv). */
  ignoredEnv?: FilePath[];
  list?: { root: string; options: FileListOptions };
  /** Wait for the list in a {@link ToWorker} 'files' message (the CLI lists while the worker loads). */
  awaitFiles?: boolean;
  opts: ScanFilesOptions;
  /**
   * Send only the results that carry findings (or a cut-off note), and counts for the rest: the
   * editor then handles a few messages rather than one object per file.
   */
  findingsOnly?: boolean;
  /**
   * The pool's shared counter (one Int32: the next file not yet claimed). Each thread claims
   * {@link CHUNK} files at a time from it, so threads that get quick files take more of them and
   * all finish together. Without it, the worker scans every file it has.
   */
  next?: SharedArrayBuffer;
}

/** What the CLI sends a worker that waits for its files. */
export type ToWorker = { type: 'files'; files: FilePath[] };

/**
 * What a worker sends back: how many files it listed, batches of results with each one's index in
 * the list (ignored `.env` files count on after the list), then 'done' (or an error message).
 */
export type WorkerMessage =
  | { type: 'listed'; total: number; source: FileList['source'] }
  | { type: 'results'; results: FileResult[]; at: number[] }
  | { type: 'counts'; scanned: number; skipped: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Paths as posted to a worker: structured cloning turns each Buffer into a plain Uint8Array. */
export function asFilePaths(files: readonly (string | Uint8Array)[]): FilePath[] {
  return files.map((f) => (typeof f === 'string' ? f : Buffer.from(f.buffer, f.byteOffset, f.byteLength)));
}

/** Results are sent in batches of this many files, or sooner when a batch holds findings. */
export const WORKER_BATCH = 200;
/** How many files a thread claims from the shared counter at a time. */
export const CHUNK = 32;

/** The indices a thread scans: claimed {@link CHUNK} at a time from `next`, or all of them without it. */
export function* claimed(count: number, next: SharedArrayBuffer | undefined): Generator<number> {
  if (!next) {
    for (let i = 0; i < count; i++) yield i;
    return;
  }
  const counter = new Int32Array(next);
  for (;;) {
    const from = Atomics.add(counter, 0, CHUNK);
    if (from >= count) return;
    for (let i = from; i < Math.min(count, from + CHUNK); i++) yield i;
  }
}

export interface PoolOptions {
  /**
   * Git-ignored `.env` files, scanned after the rest (on this thread: they are few) by the rules that
   * read them. As a function, called once the workers have their files (see FileList.ignoredEnv).
   */
  ignoredEnv?: FilePath[] | (() => FilePath[]);
  /** Threads to scan on, this one included; 1 scans in this thread. */
  jobs: number;
  /** Path of the bundled worker script; without it the scan runs in this thread. */
  workerScript?: string;
  /** Called with each batch as it arrives (progress, streaming into Problems). */
  onResults?: (results: FileResult[]) => void;
  /** Aborting terminates the workers; results so far are kept. */
  signal?: AbortSignal;
}

/**
 * Runs one scan worker, handing each message to `onMessage`; resolves when it is done, rejects when
 * it fails. Aborting terminates the worker at once and resolves. `started` gets the worker as soon
 * as it exists (to send it its files later).
 */
export function runScanWorker(
  script: string,
  input: WorkerInput,
  onMessage: (m: WorkerMessage) => void,
  signal?: AbortSignal,
  started?: (worker: Worker) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: input });
    started?.(worker);
    const stop = () => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      if (err) {
        void worker.terminate();
        reject(err);
      } else resolve();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'error') settle(new Error(m.message));
      else onMessage(m);
      if (m.type === 'done') settle();
    });
    worker.on('error', (e) => settle(e));
    worker.on('exit', (code) =>
      settle(code === 0 || signal?.aborted ? undefined : new Error(`scan worker exited with ${code}`)),
    );
  });
}

/**
 * Scans files on `jobs` threads, this one and `jobs - 1` workers, all claiming files from one shared
 * counter (so a thread that meets large files takes fewer of them), and returns every result in
 * the order of the files. Falls back to this thread alone when there is no worker script or one job;
 * either way the same engine scans. For the CLI: this thread is busy until its part is done. Given
 * `files` as a function, the workers start first and load while it lists (on this thread).
 */
export async function scanFilesParallel(
  files: FilePath[] | (() => FilePath[]),
  opts: ScanFilesOptions,
  pool: PoolOptions,
): Promise<FileResult[]> {
  let ignoredEnv: FilePath[] = [];
  const rest = await scanShared(files, opts, pool, () => {
    ignoredEnv = typeof pool.ignoredEnv === 'function' ? pool.ignoredEnv() : (pool.ignoredEnv ?? []);
  });
  if (!ignoredEnv.length || pool.signal?.aborted) return rest;
  const env = [...scanFiles(ignoredEnv, opts, { ignored: true })];
  pool.onResults?.(env);
  return [...rest, ...env];
}

/** {@link scanFilesParallel} less the ignored `.env` files; `meanwhile` runs once the workers have their files. */
async function scanShared(
  list: FilePath[] | (() => FilePath[]),
  opts: ScanFilesOptions,
  pool: PoolOptions,
  meanwhile: () => void,
): Promise<FileResult[]> {
  const script = pool.workerScript && fs.existsSync(pool.workerScript) ? pool.workerScript : undefined;
  const given = Array.isArray(list) ? list : undefined;
  // Worth a worker only with a batch of files for each (unknown yet when the list is still to be made).
  const jobs = Math.max(1, Math.min(pool.jobs, given ? Math.ceil(given.length / WORKER_BATCH) : pool.jobs));
  const next = jobs > 1 && script ? new SharedArrayBuffer(4) : undefined;
  let all: (FileResult | undefined)[] = [];
  const started: Worker[] = [];
  // Workers started before the list turn out not to be needed for a short one: stopped, not waited for.
  const spare = new AbortController();
  const signal = pool.signal ? AbortSignal.any([pool.signal, spare.signal]) : spare.signal;
  const workers =
    next && script
      ? Array.from({ length: jobs - 1 }, () =>
          runScanWorker(
            script,
            given ? { files: given, opts, next } : { opts, next, awaitFiles: true },
            (m) => {
              if (m.type !== 'results') return;
              m.results.forEach((r, i) => (all[m.at[i] ?? -1] = r));
              pool.onResults?.(m.results);
            },
            signal,
            (w) => started.push(w),
          ),
        )
      : [];
  let files: FilePath[];
  try {
    files = given ?? (list as () => FilePath[])();
  } catch (e) {
    spare.abort();
    await Promise.allSettled(workers);
    throw e;
  }
  all = new Array<FileResult | undefined>(files.length);
  if (!given && files.length <= WORKER_BATCH) spare.abort();
  else if (!given) for (const w of started) w.postMessage({ type: 'files', files } satisfies ToWorker);
  try {
    meanwhile();
    // This thread scans too, claiming files from the same counter as the workers.
    const scanner = new FileScanner(opts);
    let batch: FileResult[] = [];
    for (const i of claimed(files.length, next)) {
      if (pool.signal?.aborted) break;
      const file = files[i];
      if (file === undefined) continue;
      const r = scanner.scan(file);
      all[i] = r;
      batch.push(r);
      if (batch.length >= WORKER_BATCH) {
        pool.onResults?.(batch);
        batch = [];
      }
    }
    if (batch.length) pool.onResults?.(batch);
    await Promise.all(workers);
  } catch (e) {
    // One thread failed: the others are stopped, not left scanning for a result nobody reads.
    spare.abort();
    await Promise.allSettled(workers);
    throw e;
  }
  if (!pool.signal?.aborted && !spare.signal.aborted && all.includes(undefined))
    throw new Error('the scan workers left files unscanned');
  return all.filter((r): r is FileResult => r !== undefined);
}
