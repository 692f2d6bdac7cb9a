import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, ErrorCodes, describeError } from '../errors';
import { HOP_BY_HOP_HEADERS } from '../net/headers';
import { type Finding, scan } from '../scanner/scan';
import type { ProviderId } from '../providers/accountTypes';
import { type DeliveryResult, type SignedDelivery, deliver } from './deliver';
import { signDelivery, verifyReceived } from './events';
import { type HostAllowList, hostAllowList } from './hostCheck';
import { RECEIVER_LIMITS, type ReceiverLimits, type Refusal, readBody, screenRequest } from './requestGate';
import { REDACTION_SCAN, eventLabelOf, redactBody, redactHeaders } from './redactDelivery';
import type { RawRequest } from './rawRequest';
import type { WebhookVerdict } from './verdict';

const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'set-cookie']);

/** One delivery as shown and kept: no secret in it (the body and header values are redacted). */
export interface Delivery {
  seq: number;
  receivedAt: string;
  method: string;
  path: string;
  /** Header values with secrets masked, like the body (credential-named headers entirely). */
  headers: Record<string, string>;
  /** The body with secrets masked (scanner findings and known secrets). */
  body: string;
  /** How many secrets were masked in the body. */
  redactions: number;
  bytes: number;
  /**
   * The event's type or name from the masked body ("cardTransaction", "transaction.captured"),
   * only when it is 1-60 of `A-Z a-z 0-9 _ . : -`.
   */
  event?: string;
  verdict: WebhookVerdict;
  forwarded?: { status: number; latencyMs: number } | { error: string };
}

export interface ReceiverOptions {
  provider: ProviderId;
  /** The account's webhook secrets, read when a delivery arrives. */
  secrets: () => Promise<string[]>;
  /** Every secret the extension knows, masked wherever they appear in a body. */
  knownSecrets?: () => readonly string[];
  /** Your handler on this machine: each delivery is passed on, as it came. */
  forwardTo?: string;
  /** 0 (default): any free port. */
  port?: number;
  maxDeliveries?: number;
  timeoutMs?: number;
  /**
   * Host names a request's Host header may carry besides 127.0.0.1, localhost and [::1]: a
   * tunnel's public name (`abc.ngrok-free.app`), or `*.ngrok-free.app` for any of its subdomains.
   * The port is never compared. Any other Host gets 403.
   */
  allowedHosts?: readonly string[];
  /** Connection, time and memory bounds; tests shorten them. */
  limits?: Partial<ReceiverLimits>;
  /**
   * Finds the secrets in a body off this thread (a worker with a time budget); undefined when it
   * ran past the budget, and the body is then not shown. Default: the scanner, on this thread.
   */
  scanText?: (text: string) => Promise<readonly Finding[] | undefined>;
}

/** What is kept instead of a body whose secrets could not be found in time. */
export const WITHHELD_BODY = '(body not shown: finding the secrets in it ran past the time budget)';

interface Kept {
  request: SignedDelivery;
  /** Whether it verified when it arrived: only such a delivery may be re-signed. */
  verified: boolean;
}

/**
 * A local webhook receiver on 127.0.0.1: every delivery is verified with the account's secrets,
 * listed with its verdict (body and headers redacted), and passed on to your handler when one is
 * set. It never listens beyond this machine, accepts only POSTs whose Host is this machine (or an
 * allowed tunnel name) and that no web page sent, and bounds connections, time and memory;
 * `stop()` closes the port. `start()` throws ERR_INVALID_INPUT for a bad `allowedHosts` entry and
 * ERR_IO when the port is taken.
 */
export class WebhookReceiver {
  private server: Server | undefined;
  private seq = 0;
  private readonly list: Delivery[] = [];
  /** Original requests, in memory only, for replays. */
  private readonly originals = new Map<number, Kept>();
  private readonly listeners = new Set<(d: Delivery) => void>();
  private readonly refusalListeners = new Set<(r: Refusal) => void>();
  private readonly limits: ReceiverLimits;
  private hosts: HostAllowList | undefined;
  /** Body bytes held across all requests. */
  private readonly flight = { bytes: 0 };

  constructor(readonly opts: ReceiverOptions) {
    this.limits = { ...RECEIVER_LIMITS, ...opts.limits };
  }

  get url(): string | undefined {
    const a = this.server?.address() as AddressInfo | null | undefined;
    return a ? `http://127.0.0.1:${a.port}/` : undefined;
  }

  /** Body bytes held right now across all requests (bounded by `limits.maxBytesInFlight`). */
  get bytesInFlight(): number {
    return this.flight.bytes;
  }

  deliveries(): readonly Delivery[] {
    return this.list;
  }

  /** Forgets every delivery (and the originals kept for replays). */
  clear(): void {
    this.list.length = 0;
    this.originals.clear();
  }

  onDelivery(listener: (d: Delivery) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Called for each request answered without being listed or forwarded (wrong Host, a web page, …). */
  onRefused(listener: (r: Refusal) => void): { dispose(): void } {
    this.refusalListeners.add(listener);
    return { dispose: () => this.refusalListeners.delete(listener) };
  }

  async start(): Promise<string> {
    this.hosts = hostAllowList(this.opts.allowedHosts);
    const l = this.limits;
    const requestTimeout = Math.max(1, l.requestTimeoutMs);
    const headersTimeout = Math.min(Math.max(1, l.headersTimeoutMs), requestTimeout);
    const server = createServer(
      {
        requestTimeout,
        headersTimeout,
        // Node checks both timeouts on this period (30 s by default, which would let a slow sender stay).
        connectionsCheckingInterval: Math.max(20, Math.min(1_000, Math.floor(headersTimeout / 4))),
      },
      (req, res) => this.serve(req, res, false),
    );
    server.maxConnections = Math.max(1, l.maxConnections);
    server.keepAliveTimeout = Math.max(1, l.keepAliveTimeoutMs);
    // `Expect: 100-continue`: checks first, so a refused sender never sends its body.
    server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => this.serve(req, res, true));
    const port = this.opts.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'EADDRINUSE' || e.code === 'EACCES'
            ? new AppError(
                ErrorCodes.io,
                `Port ${port} on 127.0.0.1 is ${e.code === 'EADDRINUSE' ? 'already in use' : 'not allowed'}`,
                { advice: 'Stop what uses it, or choose another port (0 picks a free one).' },
              )
            : e,
        ),
      );
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this.url ?? '';
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  /**
   * Sends a delivery again to the handler: as it came, or re-signed now (a fresh timestamp).
   * Throws ERR_UNSUPPORTED when asked to re-sign a delivery that did not verify (re-signing would
   * give a possibly forged body a valid signature), ERR_INVALID_INPUT without a handler URL, and
   * ERR_NOT_FOUND when the delivery is no longer kept.
   */
  async replay(seq: number, resign: boolean): Promise<DeliveryResult> {
    const kept = this.originals.get(seq);
    if (!this.opts.forwardTo)
      throw new AppError(ErrorCodes.invalidInput, 'No handler URL is set', {
        advice: 'Start the receiver with your handler’s URL to replay deliveries to it.',
      });
    if (!kept) throw new AppError(ErrorCodes.notFound, `Delivery ${seq} is no longer kept (the last 100 are)`);
    const original = kept.request;
    if (resign && !kept.verified)
      throw new AppError(ErrorCodes.unsupported, `Delivery ${seq} did not verify, so it is not re-signed`, {
        advice: 'Replay it as it came: re-signing would give a possibly forged delivery a valid signature.',
      });
    const d = resign
      ? {
          headers: {
            ...original.headers,
            ...signDelivery(this.opts.provider, await this.opts.secrets(), original.body).headers,
          },
        }
      : original;
    return deliver(this.opts.forwardTo, { ...d, body: original.body }, { timeoutMs: this.opts.timeoutMs });
  }

  private serve(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void {
    this.handle(req, res, expectsContinue).catch((e: unknown) => {
      // A bug must not leave the sender waiting, nor become an unhandled rejection in the editor.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `receiver error: ${describeError(e).slice(0, 200)}` }));
    });
  }

  /** Answers a request that is not taken: closes the connection, lists and forwards nothing. */
  private refuse(res: ServerResponse, r: Refusal, error: string, headers: Record<string, string> = {}): void {
    res
      .writeHead(r.status, { 'content-type': 'application/json', connection: 'close', ...headers })
      .end(JSON.stringify({ error }));
    for (const l of this.refusalListeners) l(r);
  }

  private async handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const refused = screenRequest(req, this.hosts ?? hostAllowList());
    if (refused) return this.refuse(res, refused.r, refused.error, refused.headers);
    if (expectsContinue) res.writeContinue();
    const held = { bytes: 0 };
    try {
      const read = await readBody(req, held, this.flight, this.limits.maxBytesInFlight);
      if (read === undefined) return;
      if (!Buffer.isBuffer(read))
        return this.refuse(
          res,
          read,
          read.reason === 'busy' ? 'receiver busy, try again' : 'body larger than 1 MB',
          read.reason === 'busy' ? { 'retry-after': '5' } : {},
        );
      await this.take(req, res, read);
    } finally {
      this.flight.bytes -= held.bytes;
    }
  }

  private async take(req: IncomingMessage, res: ServerResponse, bytes: Buffer): Promise<void> {
    const body = bytes.toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const raw: RawRequest = { headers: new Map(Object.entries(headers).map(([k, v]) => [k, [v]])), body };
    const secrets = await this.opts.secrets().catch(() => []);
    const verdict = verifyReceived(this.opts.provider, raw, secrets);
    const known = [...secrets, ...(this.opts.knownSecrets?.() ?? [])];
    // The one pass over the body (up to 1 MB): the label is read from its result, not the raw body.
    const findings = await (this.opts.scanText?.(body).catch(() => undefined) ?? scan(body, REDACTION_SCAN));
    const shown = findings ? redactBody(body, known, findings) : { text: WITHHELD_BODY, count: 0 };
    const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !DROPPED_HEADERS.has(k)));
    const d: Delivery = {
      seq: ++this.seq,
      receivedAt: new Date().toISOString(),
      method: req.method ?? 'POST',
      path: redactBody((req.url ?? '/').slice(0, 200), known).text,
      headers: redactHeaders(kept, known),
      body: shown.text,
      redactions: shown.count,
      bytes: bytes.length,
      verdict,
    };
    const event = eventLabelOf(shown.text);
    if (event) d.event = event;
    const onward = Object.fromEntries(Object.entries(kept).filter(([k]) => !HOP_BY_HOP_HEADERS.has(k)));
    this.originals.set(d.seq, { request: { headers: onward, body }, verified: verdict.ok });
    if (this.opts.forwardTo) {
      try {
        const r = await deliver(this.opts.forwardTo, { headers: onward, body }, { timeoutMs: this.opts.timeoutMs });
        d.forwarded = { status: r.status, latencyMs: r.latencyMs };
        res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.snippet);
      } catch (e) {
        d.forwarded = { error: describeError(e) };
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'handler unreachable' }));
      }
    } else {
      res
        .writeHead(verdict.ok ? 200 : 401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ verified: verdict.ok, summary: verdict.summary }));
    }
    this.list.unshift(d);
    for (const old of this.list.splice(this.opts.maxDeliveries ?? 100)) this.originals.delete(old.seq);
    for (const l of this.listeners) l(d);
  }
}
