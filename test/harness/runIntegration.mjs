// Runs the integration suites (out/test/integration) inside a real VS Code: code-server's extension
// host, its workbench opened in headless Chromium. Exit code: 0 all passed, 1 otherwise.
// Env: PAYAPI_TEST_GREP (mocha grep), HARNESS_VERBOSE=1, HARNESS_TIMEOUT (seconds, default 600).
// --restricted: Workspace Trust on and the folder left untrusted; only the Restricted Mode suite runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, keepOnLoopback, launchChromium, startCodeServer, workbenchUrl } from './codeServer.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// PAYAPI_TESTS_INDEX and PAYAPI_WORKSPACE_DIR let `npm run bench` run its editor suite on its own folder.
const TESTS = process.env.PAYAPI_TESTS_INDEX || path.join(ROOT, 'out', 'test', 'integration', 'index.js');
const verbose = !!process.env.HARNESS_VERBOSE;
const timeoutMs = Number(process.env.HARNESS_TIMEOUT || 600) * 1000;
const restricted = process.argv.includes('--restricted');
const label = restricted ? 'integration (Restricted Mode)' : 'integration';

if (!fs.existsSync(TESTS)) {
  console.error(`${path.relative(ROOT, TESTS)} is missing: run 'npm run build && npm run build:tests' first`);
  process.exit(2);
}

const t0 = Date.now();
const bin = ensureCodeServer();
const ownWorkspace = !process.env.PAYAPI_WORKSPACE_DIR;
const workspace = process.env.PAYAPI_WORKSPACE_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-it-ws-'));
const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-it-results-')), 'results.json');
if (ownWorkspace) fs.writeFileSync(path.join(workspace, 'README.md'), '# integration test workspace\n');
const server = await startCodeServer({
  bin,
  extraEnv: {
    PAYAPI_RESULTS_FILE: resultsFile,
    PAYAPI_WORKSPACE: workspace,
    PAYAPI_SUITES: restricted ? 'restricted' : '',
  },
  trusted: !restricted,
});
let browser;
let done = false;
const finish = async (code, why) => {
  if (done) return;
  done = true;
  if (why) console.error(why);
  try {
    await browser?.close();
  } catch {
    /* closing anyway */
  }
  await server.stop();
  let r;
  try {
    r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    /* none */
  }
  fs.rmSync(path.dirname(resultsFile), { recursive: true, force: true });
  if (ownWorkspace) fs.rmSync(workspace, { recursive: true, force: true });
  if (!r) {
    console.log(`${label}: no results were written (the suites did not run to the end)`);
    code ||= 1;
  } else {
    console.log(`${label}: ${r.passes} passed, ${r.failures} failed, ${r.pending} skipped`);
    if (r.failures > 0 || r.tests === 0) code ||= 1;
  }
  if (code && !verbose) console.error(`--- last code-server output ---\n${server.output().slice(-3000)}`);
  console.error(`${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(code);
};
const timer = setTimeout(() => void finish(124, `integration: TIMEOUT after ${timeoutMs / 1000} s`), timeoutMs);
process.on('SIGINT', () => void finish(130, 'interrupted'));
process.on('SIGTERM', () => void finish(143, 'terminated'));

try {
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await keepOnLoopback(context);
  // The workbench forwards the extension host's console here; the tests' spec reporter arrives this way.
  const noise =
    /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|Updating additional builtin|\[Service Worker\]|Overwriting extension|Started local extension host|Loading development extension|Started initializing|Completed initializing)/;
  await context.exposeFunction('codeAutomationLog', (type, args) => {
    if (!verbose && args.length && typeof args[0] === 'string' && noise.test(args[0])) return;
    (console[type] || console.log)(...args);
  });
  await context.exposeFunction('codeAutomationExit', (code) => {
    clearTimeout(timer);
    void finish(code, code ? `extension host exited with code ${code}` : undefined);
  });
  const page = await context.newPage();
  if (verbose) page.on('console', (m) => console.error('[page]', m.text()));
  await page.goto(
    workbenchUrl({
      authority: server.authority,
      folder: workspace,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS,
    }),
  );
} catch (e) {
  clearTimeout(timer);
  await finish(1, `integration: ${e instanceof Error ? e.stack : e}`);
}
