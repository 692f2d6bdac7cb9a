// `npm start`: the extension (already built into dist/) in a local VS Code on a generated demo
// workspace, offline. It starts local stand-ins for Helcim and Gr4vy on free loopback ports, writes
// this run's demo secrets to one 0600 file in a private temp folder (PAYAPI_DEMO names it; the
// extension makes its two demo accounts from it, in development mode only), and runs code-server on
// a free loopback port with no auth; open the printed URL. Ctrl-C stops code-server and the
// stand-ins and removes the demo workspace and the demo file. Env: PORT to pick the port.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ensureCodeServer, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { FIRST_SCREEN, createDemoWorkspace } from './demoWorkspace.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` (npm start does it for you).');
  process.exit(2);
}
// The stand-ins are TypeScript shared with the tests; tsx (a dev dependency) loads them.
const { DEMO_ENV, randomHelcimToken, startDemo } = await tsImport('../standIns/demo.ts', import.meta.url);

const bin = ensureCodeServer();
let demo;
let workspace;
let server;
let stopping = false;
/** Stops code-server and the stand-ins, removes the workspace and the demo file; safe to call twice. */
const cleanUp = async () => {
  await server?.stop();
  await demo?.stop();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
};
// Last resort (an uncaught error): the files go even if the servers could not be stopped in order.
process.on('exit', () => {
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  if (demo) fs.rmSync(path.dirname(demo.secretsFile), { recursive: true, force: true });
});
try {
  demo = await startDemo({ open: FIRST_SCREEN });
  workspace = createDemoWorkspace({ settings: demo.settings, leakyToken: randomHelcimToken() });
  server = await startCodeServer({
    bin,
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    extraEnv: { [DEMO_ENV]: demo.secretsFile },
  });
} catch (e) {
  await cleanUp();
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
const url = workbenchUrl({ authority: server.authority, folder: workspace, extensionDevelopmentPath: ROOT });
console.log(`\nPayment API Toolkit is running in VS Code (code-server) on a demo workspace:\n\n  ${url}\n`);
console.log(`Demo workspace: ${workspace}`);
console.log(
  `Local stand-ins: Helcim ${demo.helcimUrl}, Gr4vy ${demo.gr4vyUrl} (webhooks to 127.0.0.1:${demo.receiverPort})`,
);
console.log(`Demo secrets file (0600, removed on stop): ${demo.secretsFile}`);
console.log(`VS Code data and logs: ${server.tmp}`);
console.log('Rebuild with `npm run watch` in another terminal and reload the window to pick up changes.');
console.log('Press Ctrl-C to stop.');
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await cleanUp();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop());
