// `npm start`'s local providers: the Helcim and Gr4vy stand-ins on free loopback ports, with this
// run's secrets (a Helcim api-token, a fresh P-521 key, a webhook secret each), which are written to
// one 0600 file in a private temporary folder for the extension (PAYAPI_DEMO) and nowhere else.
// Loaded by test/harness/start.mjs (through tsx) and by the tests.
import { generateKeyPairSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ENV, type DemoFile } from '../../src/core/demo/demoFile';
import { isPlaceholder } from '../../src/core/scanner/placeholder';
import { type StandInLog, gr4vyStandIn } from './gr4vy';
import { type HelcimStandInLog, helcimStandIn } from './helcim';

export { DEMO_ENV };

/** The instance id of the demo's Gr4vy account: its API is `https://api.sandbox.demo.gr4vy.app`. */
export const DEMO_GR4VY_INSTANCE = 'demo';

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!%@_.';

/** A random value shaped like a Helcim api-token (64 characters of its alphabet), never one that reads as a placeholder. */
export function randomHelcimToken(): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < 64; i++) s += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
    if (!isPlaceholder(s)) return s;
  }
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (a free port unless one is given); `close()` also ends open connections. */
export async function listenOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
): Promise<Listening> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A free TCP port on 127.0.0.1 (for the webhook receiver the stand-ins deliver to). */
async function freePort(): Promise<number> {
  const l = await listenOnLoopback((_q, s) => s.end());
  await l.close();
  return l.port;
}

export interface DemoRun {
  runId: string;
  helcimUrl: string;
  gr4vyUrl: string;
  /** Where the stand-ins deliver webhooks: the extension's receiver, when started on this port. */
  receiverPort: number;
  /** The demo file (0600, in a 0700 folder): the value of {@link DEMO_ENV} for code-server. */
  secretsFile: string;
  /** The demo workspace's `.vscode/settings.json`: the base URLs and the receiver port (no secret). */
  settings: Record<string, unknown>;
  logs: { helcim: HelcimStandInLog; gr4vy: StandInLog };
  /** Closes both stand-ins and removes the demo file and its folder. */
  stop(): Promise<void>;
}

/**
 * Starts both stand-ins with fresh secrets and writes the demo file. `open` names the files the
 * extension shows first (relative to the demo workspace).
 */
export async function startDemo(opts: { open?: string[]; receiverPort?: number } = {}): Promise<DemoRun> {
  const runId = randomUUID();
  const token = randomHelcimToken();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  const helcimWebhookSecret = randomBytes(24).toString('base64');
  const gr4vyWebhookSecret = randomBytes(32).toString('hex');
  const receiverPort = opts.receiverPort ?? (await freePort());
  const hook = `http://127.0.0.1:${receiverPort}/webhooks`;
  const logs = { helcim: { requests: [], charged: 0 } as HelcimStandInLog, gr4vy: { requests: [], claims: [] } };
  const helcim = await listenOnLoopback(
    helcimStandIn(token, logs.helcim, { webhook: { url: hook, secret: helcimWebhookSecret } }),
  );
  const gr4vy = await listenOnLoopback(
    gr4vyStandIn([{ publicKey, role: 'full' }], logs.gr4vy, {
      merchantAccounts: [{ id: 'default', display_name: 'Demo store' }],
      keyNames: {},
      webhook: { url: hook, secret: gr4vyWebhookSecret },
    }),
  ).catch(async (e: unknown) => {
    await helcim.close();
    throw e;
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-demo-secrets-'));
  fs.chmodSync(dir, 0o700);
  const secretsFile = path.join(dir, 'demo.json');
  const demo: DemoFile = {
    runId,
    helcim: { token, webhookSecret: helcimWebhookSecret },
    gr4vy: {
      instanceId: DEMO_GR4VY_INSTANCE,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      webhookSecret: gr4vyWebhookSecret,
    },
    open: opts.open ?? [],
  };
  fs.writeFileSync(secretsFile, JSON.stringify(demo), { mode: 0o600, flag: 'wx' });
  let stopped = false;
  return {
    runId,
    helcimUrl: helcim.url,
    gr4vyUrl: gr4vy.url,
    receiverPort,
    secretsFile,
    settings: {
      'paymentApi.helcim.baseUrl': helcim.url,
      'paymentApi.gr4vy.baseUrl': gr4vy.url,
      'paymentApi.webhooks.receiverPort': receiverPort,
    },
    logs,
    async stop() {
      if (stopped) return;
      stopped = true;
      fs.rmSync(dir, { recursive: true, force: true });
      await Promise.all([helcim.close(), gr4vy.close()]);
    },
  };
}
