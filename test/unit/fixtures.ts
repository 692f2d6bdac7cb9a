// Test material built at run time: nothing secret-shaped is committed.
import { createHash, generateKeyPairSync, randomInt, randomUUID, verify, type KeyObject } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { StateStore } from '../../src/core/accounts/store';
import { isPlaceholder } from '../../src/core/scanner/placeholder';
import type { Rule } from '../../src/core/scanner/rule';
import { scan } from '../../src/core/scanner/scan';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!%@_.';

/** A random value shaped like a Helcim api-token. */
export function helcimToken(length = 64): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < length; i++) s += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
    // About 1 in 10,000 random tokens holds "Fake" or "XXXX" and reads as a placeholder: not useful here.
    if (!isPlaceholder(s)) return s;
  }
}

/** PEM armour, assembled so the source holds no literal key header. */
export function pemLabel(kind: string, edge: 'BEGIN' | 'END'): string {
  return ['-----', edge, ' ', kind, '-----'].join('');
}

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pkcs8: string;
  sec1: string;
  jwk: Record<string, string>;
  x: Buffer;
  y: Buffer;
}

/** A fresh P-521 key; `leadingZero` picks one whose x coordinate starts with a zero byte. */
export function p521Key(opts: { leadingZero?: boolean } = {}): TestKey {
  for (let i = 0; i < 2000; i++) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
    const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const raw = publicKey.export({ format: 'der', type: 'spki' });
    // Uncompressed point at the end of the SPKI: 0x04 || x(66) || y(66).
    const point = raw.subarray(raw.length - 133);
    const x = point.subarray(1, 67);
    const y = point.subarray(67);
    if (opts.leadingZero && x[0] !== 0) continue;
    return {
      privateKey,
      publicKey,
      jwk,
      x,
      y,
      pkcs8: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      sec1: privateKey.export({ format: 'pem', type: 'sec1' }).toString(),
    };
  }
  throw new Error('no key with a leading zero byte in 2000 tries');
}

/** RFC 7638 thumbprint computed independently of jose, from the raw fixed-length point. */
export function independentThumbprint(x: Buffer, y: Buffer): string {
  const json = `{"crv":"P-521","kty":"EC","x":"${x.toString('base64url')}","y":"${y.toString('base64url')}"}`;
  return createHash('sha256').update(json).digest('base64url');
}

export interface Started {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1; `close()` also ends open sockets (a server that never answers). */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Started> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Helcim's connection-test endpoint as documented: 401 without a token, 403 for a wrong one. */
export function helcimHandler(validToken: string, seen: { headers: IncomingMessage['headers'][] } = { headers: [] }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    seen.headers.push(req.headers);
    if (req.url !== '/v2/connection-test') return json(res, 404, { errors: 'Not Found' });
    const token = req.headers['api-token'];
    if (token === undefined) return json(res, 401, { errors: 'Unauthorized' });
    if (token !== validToken) return json(res, 403, { errors: 'Unauthorized' });
    if (req.headers.accept !== 'application/json')
      return json(res, 400, { errors: 'accept header must be application/json' });
    return json(res, 200, { message: 'Connected Successfully' });
  };
}

export interface Gr4vyServerLog {
  tokens: { header: Record<string, unknown>; claims: Record<string, unknown> }[];
  merchantHeaders: (string | undefined)[];
  rejections: string[];
  /** Ids of the checkout sessions created. */
  sessions?: string[];
}

/**
 * A strict Gr4vy stand-in: verifies the ES512 signature with node:crypto (132-byte P1363), the
 * kid against an independent thumbprint, seconds-based nbf/exp, a unique UUID jti, and the scope.
 */
export function gr4vyHandler(
  publicKey: KeyObject,
  log: Gr4vyServerLog = { tokens: [], merchantHeaders: [], rejections: [] },
) {
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const pad = (c: string) => {
    const b = Buffer.from(c, 'base64url');
    return Buffer.concat([Buffer.alloc(66 - b.length), b]);
  };
  const expectedKid = independentThumbprint(pad(jwk.x ?? ''), pad(jwk.y ?? ''));
  const jtis = new Set<string>();
  const reject = (res: ServerResponse, why: string) => {
    log.rejections.push(why);
    json(res, 401, {
      type: 'error',
      code: 'unauthorized',
      status: 401,
      message: 'No valid API authentication found',
      details: [],
    });
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const session = req.method === 'POST' && req.url === '/checkout/sessions';
    if (!req.url?.startsWith('/buyers') && !session)
      return json(res, 404, {
        type: 'error',
        code: 'not_found',
        status: 404,
        message: 'The resource could not be found',
        details: [],
      });
    const auth = req.headers.authorization ?? '';
    const m = /^bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(auth);
    if (!m) return reject(res, 'no bearer token');
    const [, h, p, s] = m as unknown as [string, string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    log.tokens.push({ header, claims });
    log.merchantHeaders.push(req.headers['x-gr4vy-merchant-account-id'] as string | undefined);
    const sig = Buffer.from(s, 'base64url');
    if (header.alg !== 'ES512' || header.typ !== 'JWT') return reject(res, 'header');
    if (header.kid !== expectedKid) return reject(res, 'kid');
    if (sig.length !== 132) return reject(res, 'signature length');
    if (!verify('sha512', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig))
      return reject(res, 'signature');
    const now = Math.floor(Date.now() / 1000);
    const { nbf, exp, iat, jti, scopes, iss } = claims;
    if (typeof nbf !== 'number' || typeof exp !== 'number' || !Number.isInteger(nbf) || !Number.isInteger(exp))
      return reject(res, 'nbf/exp not integers');
    if (nbf > 1e11 || exp > 1e11 || (typeof iat === 'number' && iat > 1e11)) return reject(res, 'milliseconds');
    if (nbf > now + 5 || exp <= now || exp - nbf > 3600) return reject(res, 'time window');
    if (typeof jti !== 'string' || !/^[0-9a-f-]{36}$/.test(jti) || jtis.has(jti)) return reject(res, 'jti');
    jtis.add(jti);
    if (typeof iss !== 'string' || iss === '') return reject(res, 'iss');
    const needed = session ? ['checkout-sessions.write', '*.write'] : ['buyers.read', '*.read'];
    if (!Array.isArray(scopes) || !scopes.some((x) => needed.includes(x as string))) {
      return json(res, 403, {
        type: 'error',
        code: 'forbidden',
        status: 403,
        message: 'Invalid credentials',
        details: [],
      });
    }
    if (session) {
      const id = randomUUID();
      log.sessions?.push(id);
      return json(res, 201, {
        type: 'checkout-session',
        id,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
    }
    return json(res, 200, { items: [], limit: 1, next_cursor: null, previous_cursor: null });
  };
}

/** VS Code's Memento in memory: values are copied through JSON as VS Code stores them. */
export class MemoryState implements StateStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
  dump(): string {
    return JSON.stringify([...this.data]);
  }
}

/** A small seeded generator (mulberry32), so every fuzz run tries the same inputs. */
export function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}

/** Every regular file below `dir` (bounded depth, under 20 MB each), for the leak searches. */
export function filesUnder(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 10 || !fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out, depth + 1);
    else if (e.isFile() && fs.statSync(p).size < 20 * 1024 * 1024) out.push(p);
  }
  return out;
}

/** A new temporary folder holding `files` (relative path → content), folders made as needed. */
export function writeTree(files: Record<string, string | Buffer>, prefix = 'payapi-tree-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/**
 * The previews of the findings of rule `ruleId` in a fixture scanned as the file at `path`; `·` in the
 * fixture is dropped (it splits names the repository's own scan would flag).
 */
export function previewsOf(text: string, path: string, ruleId: string): string[] {
  return scan(text.replaceAll('·', ''), { file: { path } })
    .filter((f) => f.ruleId === ruleId)
    .map((f) => f.preview);
}

/** A rule that is only its anchor (it finds nothing): for tests of which rules a text's anchors select. */
export const anchorRule = (id: string, anchor: RegExp): Rule => ({
  id,
  provider: 'Test',
  title: id,
  severity: 'error',
  message: id,
  remediation: '',
  docs: '',
  anchor,
  find: () => [],
});
