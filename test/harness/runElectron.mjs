// The same integration suites in desktop VS Code through @vscode/test-electron, for machines that can
// download VS Code (not ours: see ../../../shared/TESTING.md). Runs on the minimum supported version
// and on stable. `npm run test:electron`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const minimum = pkg.engines.vscode.replace(/^\^/, '');
const versions = process.env.VSCODE_VERSION ? [process.env.VSCODE_VERSION] : [minimum, 'stable'];

let failed = false;
for (const version of versions) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-it-ws-'));
  const resultsFile = path.join(workspace, '..', `${path.basename(workspace)}.results.json`);
  try {
    await runTests({
      version,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { PAYAPI_RESULTS_FILE: resultsFile, PAYAPI_WORKSPACE: workspace },
    });
    console.log(`VS Code ${version}: passed`);
  } catch (e) {
    failed = true;
    console.error(`VS Code ${version}: ${e instanceof Error ? e.message : e}`);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(resultsFile, { force: true });
  }
}
process.exit(failed ? 1 : 0);
