// A Helcim stand-in for payment calls, enforcing what Helcim documents (PROVIDERS.md, "Helcim first
// calls"): the api-token header; an idempotency-key on payment POSTs (25 alphanumerics, or a UUID)
// kept five minutes, the same key with the same payload answering the first answer again and with
// a different payload 409. The test card is Helcim's own (devdocs.helcim.com/docs/test-credit-card-numbers).
import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const HELCIM_TEST_VISA = ['4124', '9399', '9999', '9990'].join('');

export interface HelcimStandInLog {
  requests: string[];
  /** Payment bodies Helcim would have processed (a replay is not one). */
  charged: number;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export function helcimStandIn(token: string, log: HelcimStandInLog = { requests: [], charged: 0 }) {
  const keys = new Map<string, { body: string; answer: unknown; at: number }>();
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
      if (req.headers['api-token'] !== token) return answer(401, { errors: 'Unauthorized' }, 'api-token');
      if (req.method === 'GET' && path === '/v2/connection-test') return answer(200, { message: 'Connected' });
      const m = /^\/v2\/payment\/(purchase|preauth|refund|reverse|capture|verify|withdraw)$/.exec(path);
      if (!m || req.method !== 'POST') return answer(404, { errors: 'Not found' }, 'path');
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !/^([A-Za-z0-9]{25}|[0-9a-f-]{36})$/.test(key))
        return answer(400, { errors: { 'idempotency-key': 'required' } }, 'idempotency-key');
      const known = keys.get(key);
      if (known && Date.now() - known.at < 5 * 60_000) {
        if (known.body !== raw) return answer(409, { errors: 'Idempotency key reused with another payload' }, '409');
        return answer(200, known.answer, 'replay');
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return answer(400, { errors: 'Invalid JSON' }, 'json');
      }
      const card = (body.cardData ?? {}) as Record<string, unknown>;
      if (card.cardNumber !== HELCIM_TEST_VISA) return answer(400, { errors: { cardNumber: 'declined' } }, 'card');
      log.charged++;
      const result = {
        transactionId: randomInt(10_000_000, 99_999_999),
        type: m[1],
        status: 'APPROVED',
        amount: body.amount,
        currency: body.currency,
        cardNumber: `${HELCIM_TEST_VISA.slice(0, 4)}********${HELCIM_TEST_VISA.slice(-4)}`,
      };
      keys.set(key, { body: raw, answer: result, at: Date.now() });
      return answer(200, result);
    });
  };
}
