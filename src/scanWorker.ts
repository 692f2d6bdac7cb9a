// The scan worker: runs the one scanning engine over its share of the files on its own thread, so
// neither the CLI's main thread nor the editor's extension host waits on it.
import { parentPort, workerData } from 'node:worker_threads';
import { type FileResult, scanFiles } from './core/scanner/engine';
import { listFiles } from './core/scanner/files';
import { WORKER_BATCH, type WorkerInput, type WorkerMessage, asFilePaths } from './core/scanner/pool';

const input = workerData as WorkerInput;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
try {
  let files = asFilePaths(input.files ?? []);
  let ignoredEnv = asFilePaths(input.ignoredEnv ?? []);
  if (input.list) {
    const listed = listFiles(input.list.root, input.list.options);
    files = listed.files;
    ignoredEnv = listed.ignoredEnv;
    post({ type: 'listed', total: files.length + ignoredEnv.length, source: listed.source });
  }
  let batch: FileResult[] = [];
  const counts = { scanned: 0, skipped: 0 };
  const flush = () => {
    if (batch.length) post({ type: 'results', results: batch });
    if (input.findingsOnly) post({ type: 'counts', ...counts });
    batch = [];
    counts.scanned = counts.skipped = 0;
  };
  let seen = 0;
  const results = function* () {
    yield* scanFiles(files, input.opts);
    yield* scanFiles(ignoredEnv, input.opts, { ignored: true });
  };
  for (const r of results()) {
    const notable = r.kind === 'scanned' && (r.findings.length > 0 || r.truncated);
    if (input.findingsOnly) counts[r.kind === 'scanned' ? 'scanned' : 'skipped']++;
    if (!input.findingsOnly || notable) batch.push(r);
    if (++seen % WORKER_BATCH === 0 || (notable && !input.findingsOnly)) flush();
  }
  flush();
  post({ type: 'done' });
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
