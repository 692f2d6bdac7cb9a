// The text scan worker: scans one text at a time for the extension host (live linting, the webhook
// receiver), so a slow scan can be stopped by terminating this thread without blocking the host.
import { parentPort } from 'node:worker_threads';
import { type TextWorkerMessage, type TextWorkerReply, runTextScan } from './core/scanner/textScanner';

parentPort?.on('message', (m: TextWorkerMessage) => {
  let reply: TextWorkerReply;
  try {
    reply = { id: m.id, findings: runTextScan(m) };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
