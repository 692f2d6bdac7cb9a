import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, ErrorCodes, describeError } from '../errors';
import { mask, redact } from '../mask';
import { scan } from '../scanner/scan';
import { type DeliveryResult, deliver } from './deliver';
import { type SignedDelivery, type WebhookProvider, signDelivery } from './events';
import { verifyGr4vyWebhook } from './gr4vyWebhook';
import { verifyHelcimWebhook } from './helcimWebhook';
import type { RawRequest } from './rawRequest';
import type { WebhookVerdict } from './verdict';

/** Bodies larger than this are refused with 413 (webhooks are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
const DROPPED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'set-cookie']);
/** Hop-by-hop headers: the forward is a new request, with its own. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'expect',
]);

/** One delivery as shown and kept: no secret in it (the body is redacted). */
export interface Delivery {
  seq: number;
  receivedAt: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body with secrets masked (scanner findings and known secrets). */
  body: string;
  /** How many secrets were masked in the body. */
  redactions: number;
  bytes: number;
  /** The event's type or name, when the body says it ("cardTransaction", "transaction.captured"). */
  event?: string;
  verdict: WebhookVerdict;
  forwarded?: { status: number; latencyMs: number } | { error: string };
}

export interface ReceiverOptions {
  provider: WebhookProvider;
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
}

/** JSON members whose string value is a credential by its name (`apiToken`, `client_secret`, `password`). */
const CREDENTIAL_NAME =
  '[A-Za-z0-9_-]{0,40}(?:token|secret|password|passwd|api[-_]?key|private[-_]?key)[A-Za-z0-9_-]{0,40}';
const SENSITIVE_MEMBER = new RegExp(`("${CREDENTIAL_NAME}"\\s{0,5}:\\s{0,5}")([^"\\\\]{8,4096})"`, 'gi');

/**
 * Masks what a body must not show: scanner findings, known secrets, and JSON string values whose
 * name says credential. Returns the text and how many values were masked.
 */
export function redactBody(body: string, known: readonly string[]): { text: string; count: number } {
  let text = body;
  let count = 0;
  for (const f of scan(body).sort((a, b) => b.start - a.start)) {
    text = text.slice(0, f.start) + mask(text.slice(f.start, f.end)) + text.slice(f.end);
    count++;
  }
  const before = text;
  text = redact(text, known);
  if (text !== before) count += known.filter((k) => before.includes(k)).length;
  text = text.replace(SENSITIVE_MEMBER, (all, name: string, value: string) => {
    if (value.startsWith('••••')) return all;
    count++;
    return `${name}${mask(value)}"`;
  });
  return { text, count };
}

function eventOf(body: string): string | undefined {
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    const v = o.name ?? o.type;
    return typeof v === 'string' ? v.slice(0, 60) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A local webhook receiver on 127.0.0.1: every delivery is verified with the account's secrets,
 * listed with its verdict (body redacted), and passed on to your handler when one is set. It never
 * listens beyond this machine; `stop()` closes the port.
 */
export class WebhookReceiver {
  private server: Server | undefined;
  private seq = 0;
  private readonly list: Delivery[] = [];
  /** Original requests, in memory only, for replays. */
  private readonly originals = new Map<number, SignedDelivery>();
  private readonly listeners = new Set<(d: Delivery) => void>();

  constructor(readonly opts: ReceiverOptions) {}

  get url(): string | undefined {
    const a = this.server?.address() as AddressInfo | null | undefined;
    return a ? `http://127.0.0.1:${a.port}/` : undefined;
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

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        // A bug must not leave the sender waiting, nor become an unhandled rejection in the editor.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `receiver error: ${describeError(e).slice(0, 200)}` }));
      });
    });
    const port = this.opts.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'EADDRINUSE' || e.code === 'EACCES'
            ? new AppError(
                ErrorCodes.io,
                `Port ${port} on 127.0.0.1 is ${e.code === 'EADDRINUSE' ? 'already in use' : 'not allowed'}`,
                { hint: 'Stop what uses it, or choose another port (0 picks a free one).' },
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

  /** Sends a delivery again to the handler: as it came, or re-signed now (a fresh timestamp). */
  async replay(seq: number, resign: boolean): Promise<DeliveryResult> {
    const original = this.originals.get(seq);
    if (!this.opts.forwardTo)
      throw new AppError(ErrorCodes.invalidInput, 'No handler URL is set', {
        hint: 'Start the receiver with your handler’s URL to replay deliveries to it.',
      });
    if (!original) throw new AppError(ErrorCodes.notFound, `Delivery ${seq} is no longer kept (the last 100 are)`);
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":"body larger than 1 MB"}');
        req.destroy();
        return;
      }
      chunks.push(c);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const raw: RawRequest = { headers: new Map(Object.entries(headers).map(([k, v]) => [k, [v]])), body };
    const secrets = await this.opts.secrets().catch(() => []);
    const verdict = secrets.length
      ? this.opts.provider === 'helcim'
        ? verifyHelcimWebhook(raw, secrets[0] ?? '')
        : verifyGr4vyWebhook(raw, secrets)
      : noSecretVerdict(this.opts.provider);
    const known = [...secrets, ...(this.opts.knownSecrets?.() ?? [])];
    const shown = redactBody(body, known);
    const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !DROPPED_HEADERS.has(k)));
    const d: Delivery = {
      seq: ++this.seq,
      receivedAt: new Date().toISOString(),
      method: req.method ?? 'POST',
      path: redactBody((req.url ?? '/').slice(0, 200), known).text,
      headers: Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, redact(v, known)])),
      body: shown.text,
      redactions: shown.count,
      bytes: size,
      verdict,
    };
    const event = eventOf(body);
    if (event) d.event = event;
    const onward = Object.fromEntries(Object.entries(kept).filter(([k]) => !HOP_BY_HOP.has(k)));
    this.originals.set(d.seq, { headers: onward, body });
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

function noSecretVerdict(provider: WebhookProvider): WebhookVerdict {
  const summary = 'Not verified: the account has no webhook secret';
  return {
    ok: false,
    kind: provider === 'helcim' ? 'helcim-webhook' : 'gr4vy-webhook',
    summary,
    checks: [],
    causes: [
      {
        cause: 'signature-mismatch',
        message: 'The account has no webhook secret',
        hint: 'Set it on the account (Set Webhook Secret…) and send the event again.',
      },
    ],
  };
}
