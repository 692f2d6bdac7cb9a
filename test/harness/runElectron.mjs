// The same integration suites in desktop VS Code through @vscode/test-electron, for machines that can
// download VS Code (not ours: see ../../../shared/TESTING.md). Runs on the minimum supported version
// and on stable, each twice as runIntegration.mjs does: trusted, then Restricted Mode (Workspace Trust
// on, the folder never trusted, only the Restricted Mode suite). `npm run test:electron`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { RESTRICTED_SETTINGS } from './codeServer.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const minimum = pkg.engines.vscode.replace(/^\^/, '');
const versions = process.env.VSCODE_VERSION ? [process.env.VSCODE_VERSION] : [minimum, 'stable'];

let failed = false;
for (const version of versions) {
  for (const restricted of [false, true]) {
    const run = `VS Code ${version}${restricted ? ' (Restricted Mode)' : ''}`;
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-it-ws-'));
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-it-user-'));
    const resultsFile = path.join(workspace, '..', `${path.basename(workspace)}.results.json`);
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify(restricted ? RESTRICTED_SETTINGS : {}),
    );
    try {
      await runTests({
        version,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'index.js'),
        launchArgs: [
          workspace,
          '--disable-extensions',
          `--user-data-dir=${userData}`,
          ...(restricted ? [] : ['--disable-workspace-trust']),
        ],
        extensionTestsEnv: {
          PAYAPI_RESULTS_FILE: resultsFile,
          PAYAPI_WORKSPACE: workspace,
          PAYAPI_SUITES: restricted ? 'restricted' : '',
        },
      });
      console.log(`${run}: passed`);
    } catch (e) {
      failed = true;
      console.error(`${run}: ${e instanceof Error ? e.message : e}`);
    } finally {
      for (const dir of [workspace, userData]) fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(resultsFile, { force: true });
    }
  }
}
process.exit(failed ? 1 : 0);
