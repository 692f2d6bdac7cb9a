// `npm start`: the extension (already built into dist/) in a local VS Code on a generated demo
// workspace. VS Code runs as code-server on a free loopback port with no auth; open the printed URL.
// Ctrl-C stops the server and removes the demo workspace. Env: PORT to pick the port.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { createDemoWorkspace } from './demoWorkspace.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` (npm start does it for you).');
  process.exit(2);
}
const bin = ensureCodeServer();
const workspace = createDemoWorkspace();
let server;
try {
  server = await startCodeServer({ bin, port: process.env.PORT ? Number(process.env.PORT) : undefined });
} catch (e) {
  fs.rmSync(workspace, { recursive: true, force: true });
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
const url = workbenchUrl({ authority: server.authority, folder: workspace, extensionDevelopmentPath: ROOT });
console.log(`\nPayment API Toolkit is running in VS Code ${'(code-server)'} on a demo workspace:\n\n  ${url}\n`);
console.log(`Demo workspace: ${workspace}`);
console.log('Rebuild with `npm run watch` in another terminal and reload the window to pick up changes.');
console.log('Press Ctrl-C to stop.');
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await server.stop();
  fs.rmSync(workspace, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
