// The scan worker: runs the one scanning engine over its share of the files on its own thread, so
// neither the CLI's main thread nor the editor's extension host waits on it.
import { parentPort, workerData } from 'node:worker_threads';
import { type FileResult, FileScanner } from './core/scanner/engine';
import { type FilePath, listFiles } from './core/scanner/files';
import {
  type ToWorker,
  WORKER_BATCH,
  type WorkerInput,
  type WorkerMessage,
  asFilePaths,
  claimed,
} from './core/scanner/pool';

const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);

/** The list, once the CLI has made it (the worker loads meanwhile). */
function filesFromParent(): Promise<FilePath[]> {
  return new Promise((resolve) => {
    parentPort?.once('message', (m: ToWorker) => resolve(asFilePaths(m.type === 'files' ? m.files : [])));
  });
}

async function main(): Promise<void> {
  let files = asFilePaths(input.files ?? []);
  let ignoredEnv = asFilePaths(input.ignoredEnv ?? []);
  if (input.list) {
    const listed = listFiles(input.list.root, input.list.options);
    files = listed.files;
    ignoredEnv = listed.ignoredEnv();
    post({ type: 'listed', total: files.length + ignoredEnv.length, source: listed.source });
  } else if (input.awaitFiles) {
    files = await filesFromParent();
  }
  let batch: FileResult[] = [];
  let at: number[] = [];
  const counts = { scanned: 0, skipped: 0 };
  const flush = () => {
    if (batch.length) post({ type: 'results', results: batch, at });
    if (input.findingsOnly) post({ type: 'counts', ...counts });
    batch = [];
    at = [];
    counts.scanned = counts.skipped = 0;
  };
  let seen = 0;
  const take = (r: FileResult, index: number) => {
    const notable = r.kind === 'scanned' && (r.findings.length > 0 || r.truncated);
    if (input.findingsOnly) counts[r.kind === 'scanned' ? 'scanned' : 'skipped']++;
    if (!input.findingsOnly || notable) {
      batch.push(r);
      at.push(index);
    }
    if (++seen % WORKER_BATCH === 0 || (notable && !input.findingsOnly)) flush();
  };
  const scanner = new FileScanner(input.opts);
  for (const i of claimed(files.length, input.next)) {
    const file = files[i];
    if (file !== undefined) take(scanner.scan(file), i);
  }
  // Ignored .env files are few: the worker that listed them scans them, after its share.
  const env = new FileScanner(input.opts, { ignored: true });
  ignoredEnv.forEach((file, k) => take(env.scan(file), files.length + k));
  flush();
  post({ type: 'done' });
}

main().catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
