// A Helcim stand-in enforcing what Helcim documents (PROVIDERS.md, "Helcim first calls"): the
// api-token header (none: 401, a wrong one: 403); the connection test; an idempotency-key on payment
// POSTs (25 alphanumerics, or a UUID) kept five minutes, the same key with the same payload answering
// the first answer again and with a different payload 409; card transactions by id; HelcimPay.js
// initialize; and a signed `cardTransaction` webhook after each payment when a webhook URL is set.
// The test card is Helcim's own (devdocs.helcim.com/docs/test-credit-card-numbers).
// Used by unit, integration and end-to-end tests, and by `npm start` (test/standIns/demo.ts).
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type WebhookTarget, postEvent, signHelcimEvent } from './webhooks';

export const HELCIM_TEST_VISA = ['4124', '9399', '9999', '9990'].join('');

export interface HelcimStandInLog {
  requests: string[];
  /** Payment bodies Helcim would have processed (a replay is not one). */
  charged: number;
  /** Webhook deliveries: `webhook → 200`, `webhook failed: ECONNREFUSED`. */
  webhooks?: string[];
}

export interface HelcimStandInOptions {
  /** Where Helcim delivers card transaction events, and the verifier token it signs them with. */
  webhook?: WebhookTarget;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const PAYMENT = /^\/v2\/payment\/(purchase|preauth|refund|reverse|capture|verify|withdraw)$/;
const TRANSACTION = /^\/v2\/card-transactions\/(\d+)$/;

export function helcimStandIn(
  token: string,
  log: HelcimStandInLog = { requests: [], charged: 0 },
  opts: HelcimStandInOptions = {},
) {
  const keys = new Map<string, { body: string; answer: unknown; at: number }>();
  const transactions: Record<string, unknown>[] = [];
  return (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const answer = (status: number, body: unknown, why = '') => {
        log.requests.push(`${req.method} ${path} → ${status}${why ? ` (${why})` : ''}`);
        json(res, status, body);
      };
      const sent = req.headers['api-token'];
      if (sent === undefined) return answer(401, { errors: 'Unauthorized' }, 'no api-token');
      if (sent !== token) return answer(403, { errors: 'Unauthorized' }, 'api-token');
      if (req.method === 'GET' && path === '/v2/connection-test')
        return answer(200, { message: 'Connected Successfully' });
      if (req.method === 'GET' && path === '/v2/card-transactions') return answer(200, transactions);
      const one = TRANSACTION.exec(path);
      if (req.method === 'GET' && one) {
        const t = transactions.find((x) => String(x.transactionId) === one[1]);
        return t ? answer(200, t) : answer(404, { errors: 'Transaction not found' }, 'transaction');
      }
      let body: Record<string, unknown>;
      try {
        body = raw.trim() === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      } catch {
        return answer(400, { errors: 'Invalid JSON' }, 'json');
      }
      if (req.method === 'POST' && path === '/v2/helcim-pay/initialize') return initialize(body, answer);
      const m = PAYMENT.exec(path);
      if (!m || req.method !== 'POST') return answer(404, { errors: 'Not found' }, 'path');
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !/^([A-Za-z0-9]{25}|[0-9a-f-]{36})$/.test(key))
        return answer(400, { errors: { 'idempotency-key': 'required' } }, 'idempotency-key');
      const known = keys.get(key);
      if (known && Date.now() - known.at < 5 * 60_000) {
        if (known.body !== raw) return answer(409, { errors: 'Idempotency key reused with another payload' }, '409');
        return answer(200, known.answer, 'replay');
      }
      const card = (body.cardData ?? {}) as Record<string, unknown>;
      if (card.cardNumber !== HELCIM_TEST_VISA) return answer(400, { errors: { cardNumber: 'declined' } }, 'card');
      log.charged++;
      const result = {
        transactionId: randomInt(10_000_000, 99_999_999),
        dateCreated: new Date().toISOString().replace('T', ' ').slice(0, 19),
        type: m[1],
        status: 'APPROVED',
        amount: body.amount,
        currency: body.currency,
        cardNumber: `${HELCIM_TEST_VISA.slice(0, 4)}********${HELCIM_TEST_VISA.slice(-4)}`,
      };
      keys.set(key, { body: raw, answer: result, at: Date.now() });
      transactions.unshift(result);
      answer(200, result);
      if (opts.webhook) {
        const event = JSON.stringify({ id: String(result.transactionId), type: 'cardTransaction' });
        void postEvent(opts.webhook.url, signHelcimEvent(opts.webhook.secret, event), (log.webhooks ??= []));
      }
    });
  };
}

/** `POST /v2/helcim-pay/initialize`: paymentType, amount and currency in; a checkoutToken and secretToken out. */
function initialize(body: Record<string, unknown>, answer: (status: number, body: unknown, why?: string) => void) {
  const missing = ['paymentType', 'amount', 'currency'].filter((k) => body[k] === undefined);
  if (missing.length) return answer(400, { errors: Object.fromEntries(missing.map((k) => [k, 'required'])) }, 'init');
  if (!['purchase', 'preauth', 'verify'].includes(String(body.paymentType)))
    return answer(400, { errors: { paymentType: 'must be purchase, preauth or verify' } }, 'init');
  return answer(200, { checkoutToken: randomBytes(12).toString('hex'), secretToken: randomBytes(12).toString('hex') });
}
