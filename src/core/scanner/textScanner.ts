import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileContext } from './fileContext';
import { SECRET_RULES } from './rules';
import { type Edit, type Finding, type KnownSecret, rescan, scan } from './scan';

/** One text to scan: whole, or again around `edits` given the findings before them. */
export interface TextScanRequest {
  text: string;
  knownSecrets?: readonly KnownSecret[];
  /** With `edits`: the findings of the text before them (an incremental re-scan). */
  previous?: readonly Finding[];
  edits?: readonly Edit[];
  /** False for texts whose author may not silence findings (webhook bodies); default true. */
  honourDirectives?: boolean;
  /** Only the rules that find secrets' values (a webhook body: exposure rules judge code, not data). */
  secretsOnly?: boolean;
  /** Where the text comes from (the editor's document). */
  file?: FileContext;
}

/** What a scan gave: its findings, or that it ran past the time budget and was stopped. */
export type TextScanOutcome = { kind: 'done'; findings: Finding[] } | { kind: 'over-budget'; budgetMs: number };

/** What the worker (dist/textScanWorker.js) is sent and answers. */
export type TextWorkerMessage = { id: number } & TextScanRequest;
export type TextWorkerReply = { id: number; findings: Finding[] } | { id: number; error: string };

/** How long one text may take before its scan is stopped; every pattern is linear, so this is a backstop. */
export const DEFAULT_BUDGET_MS = 3_000;

/**
 * Texts up to this size are scanned on the calling thread: every pattern is linear, so the worst
 * such text takes a few milliseconds, while posting a text to a worker copies it on the calling
 * thread (about 18 ms for 5 MB): the worker pays only for larger texts.
 */
export const DEFAULT_IN_THREAD_MAX_CHARS = 64 * 1024;

/** Runs one request the way the worker does (also used when there is no worker script). */
export function runTextScan(req: TextScanRequest): Finding[] {
  const opts = {
    knownSecrets: req.knownSecrets ?? [],
    honourDirectives: req.honourDirectives !== false,
    ...(req.secretsOnly ? { rules: SECRET_RULES } : {}),
    ...(req.file ? { file: req.file } : {}),
  };
  return req.previous && req.edits ? rescan(req.text, req.previous, req.edits, opts) : scan(req.text, opts);
}

interface Pending {
  id: number;
  req: TextScanRequest;
  resolve: (o: TextScanOutcome) => void;
  reject: (e: Error) => void;
}

/**
 * Scans texts on a worker thread with a time budget, so that no text, however crafted, blocks the
 * thread that asks (the extension host: live linting, the webhook receiver's redaction). Requests
 * run one at a time, in order; one that runs past the budget has its worker terminated (a fresh
 * one takes the next) and resolves as 'over-budget'. Small texts ({@link DEFAULT_IN_THREAD_MAX_CHARS})
 * and, without a worker script (running from source), all texts are scanned on the calling thread.
 *
 * @example
 * const scanner = new TextScanner({ workerScript: 'dist/textScanWorker.js' });
 * const out = await scanner.scan({ text });
 */
export class TextScanner {
  private worker: Worker | undefined;
  private online: Promise<void> = Promise.resolve();
  private readonly queue: Pending[] = [];
  private current: (Pending & { timer: ReturnType<typeof setTimeout> | undefined }) | undefined;
  private nextId = 1;
  private disposed = false;
  private readonly script: string | undefined;
  readonly budgetMs: number;
  private readonly inThreadMaxChars: number;

  constructor(opts: { workerScript?: string; budgetMs?: number; inThreadMaxChars?: number } = {}) {
    this.inThreadMaxChars = opts.inThreadMaxChars ?? DEFAULT_IN_THREAD_MAX_CHARS;
    // Worker takes only absolute paths (or ./-relative ones): resolve what was given.
    const script = opts.workerScript === undefined ? undefined : path.resolve(opts.workerScript);
    this.script = script && fs.existsSync(script) ? script : undefined;
    this.budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  }

  /** Scans one text; never rejects for a slow text (that is 'over-budget'), only when the worker fails. */
  scan(req: TextScanRequest): Promise<TextScanOutcome> {
    if (this.disposed) return Promise.reject(new Error('the text scanner was disposed'));
    if (!this.script || req.text.length <= this.inThreadMaxChars)
      return Promise.resolve({ kind: 'done', findings: runTextScan(req) });
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, req, resolve, reject });
      this.pump();
    });
  }

  /** Stops the worker; pending scans are rejected. */
  dispose(): void {
    this.disposed = true;
    const err = new Error('the text scanner was disposed');
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.reject(err);
      this.current = undefined;
    }
    for (const p of this.queue.splice(0)) p.reject(err);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    const { worker, online } = this.ensureWorker();
    const current = { ...next, timer: undefined as ReturnType<typeof setTimeout> | undefined };
    this.current = current;
    const msg: TextWorkerMessage = { id: next.id, ...next.req };
    worker.postMessage(msg);
    // The budget counts from when the thread runs: starting a fresh one is not the text's fault.
    void online.then(() => {
      if (this.current !== current) return;
      current.timer = setTimeout(() => {
        if (this.current !== current) return;
        this.current = undefined;
        // The only way to stop a running regular expression is to stop its thread.
        this.dropWorker();
        next.resolve({ kind: 'over-budget', budgetMs: this.budgetMs });
        this.pump();
      }, this.budgetMs);
    });
  }

  private ensureWorker(): { worker: Worker; online: Promise<void> } {
    if (this.worker) return { worker: this.worker, online: this.online };
    const worker = new Worker(this.script as string);
    worker.unref();
    this.online = new Promise<void>((resolve) => {
      worker.once('online', () => resolve());
      worker.once('exit', () => resolve());
    });
    worker.on('message', (m: TextWorkerReply) => {
      const cur = this.current;
      if (!cur || cur.id !== m.id) return;
      clearTimeout(cur.timer);
      this.current = undefined;
      if ('error' in m) cur.reject(new Error(m.error));
      else cur.resolve({ kind: 'done', findings: m.findings });
      this.pump();
    });
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const cur = this.current;
      if (!cur) return;
      clearTimeout(cur.timer);
      this.current = undefined;
      cur.reject(e);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the text scan worker exited with ${code}`)));
    this.worker = worker;
    return { worker, online: this.online };
  }

  private dropWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}
