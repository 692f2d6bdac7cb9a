import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type FileResult, type ScanFilesOptions, scanFiles } from './engine';
import type { FileList, FileListOptions, FilePath } from './files';

/** What the scan worker (dist/scanWorker.js) is given: files, or a folder to list first. */
export interface WorkerInput {
  /** Paths; a Buffer (a name that is not UTF-8) arrives as a Uint8Array: see {@link asFilePaths}. */
  files?: FilePath[];
  /** Git-ignored `.env` files: only the rules that read them run (see FileList.ignoredEnv). */
  ignoredEnv?: FilePath[];
  list?: { root: string; options: FileListOptions };
  opts: ScanFilesOptions;
  /**
   * Send only the results that carry findings (or a cut-off note), and counts for the rest: the
   * editor then handles a few messages rather than one object per file.
   */
  findingsOnly?: boolean;
}

/** What it sends back: how many files it listed, batches of results, then 'done' (or an error message). */
export type WorkerMessage =
  | { type: 'listed'; total: number; source: FileList['source'] }
  | { type: 'results'; results: FileResult[] }
  | { type: 'counts'; scanned: number; skipped: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Paths as posted to a worker: structured cloning turns each Buffer into a plain Uint8Array. */
export function asFilePaths(files: readonly (string | Uint8Array)[]): FilePath[] {
  return files.map((f) => (typeof f === 'string' ? f : Buffer.from(f.buffer, f.byteOffset, f.byteLength)));
}

/** Results are sent in batches of this many files, or sooner when a batch holds findings. */
export const WORKER_BATCH = 200;

export interface PoolOptions {
  /** Git-ignored `.env` files, scanned after the rest (on this thread: they are few) by the rules that read them. */
  ignoredEnv?: FilePath[];
  /** Worker threads to use; 1 scans in this thread. */
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
 * it fails. Aborting terminates the worker at once and resolves.
 */
export function runScanWorker(
  script: string,
  input: WorkerInput,
  onMessage: (m: WorkerMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: input });
    const stop = () => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      if (err) reject(err);
      else resolve();
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
 * Scans files on `jobs` worker threads (files dealt out in turn, so large folders spread evenly) and
 * returns every result in the order of `files`. Falls back to this thread when there is no worker
 * script or one job; either way the same engine scans.
 */
export async function scanFilesParallel(
  files: FilePath[],
  opts: ScanFilesOptions,
  pool: PoolOptions,
): Promise<FileResult[]> {
  const rest = await scanShared(files, opts, pool);
  if (!pool.ignoredEnv?.length || pool.signal?.aborted) return rest;
  const env = [...scanFiles(pool.ignoredEnv, opts, { ignored: true })];
  pool.onResults?.(env);
  return [...rest, ...env];
}

async function scanShared(files: FilePath[], opts: ScanFilesOptions, pool: PoolOptions): Promise<FileResult[]> {
  const jobs = Math.max(1, Math.min(pool.jobs, Math.ceil(files.length / WORKER_BATCH)));
  const script = pool.workerScript && fs.existsSync(pool.workerScript) ? pool.workerScript : undefined;
  // One job, or no worker script (running from source): scan on this thread.
  if (jobs === 1 || !script) {
    const all: FileResult[] = [];
    let batch: FileResult[] = [];
    for (const r of scanFiles(files, opts)) {
      if (pool.signal?.aborted) break;
      all.push(r);
      batch.push(r);
      if (batch.length >= WORKER_BATCH) {
        pool.onResults?.(batch);
        batch = [];
      }
    }
    if (batch.length) pool.onResults?.(batch);
    return all;
  }
  // Share k holds files k, k + jobs, k + 2·jobs…; each worker answers in the order of its share.
  const all = new Array<FileResult | undefined>(files.length);
  await Promise.all(
    Array.from({ length: jobs }, (_, k) => {
      const share = files.filter((_f, i) => i % jobs === k);
      let next = 0;
      const onBatch = (batch: FileResult[]) => {
        for (const r of batch) all[k + jobs * next++] = r;
        pool.onResults?.(batch);
      };
      return runScanWorker(
        script,
        { files: share, opts },
        (m) => m.type === 'results' && onBatch(m.results),
        pool.signal,
      );
    }),
  );
  return all.filter((r): r is FileResult => r !== undefined);
}
