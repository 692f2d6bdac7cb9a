// Entry point VS Code calls inside the extension host (both launchers: code-server and test-electron).
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  const grep = process.env.PAYAPI_TEST_GREP;
  if (grep) mocha.grep(grep);
  // The Restricted Mode suite needs an untrusted window of its own (runIntegration.mjs --restricted).
  const restricted = process.env.PAYAPI_SUITES === 'restricted';
  for (const f of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && (f === 'restrictedMode.test.js') === restricted)
    .sort())
    mocha.addFile(path.join(__dirname, f));
  const resultsFile = process.env.PAYAPI_RESULTS_FILE;
  return new Promise((resolve, reject) => {
    const write = (out: object) => {
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(out));
    };
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats;
        write({ passes: s?.passes ?? 0, failures: s?.failures ?? 0, pending: s?.pending ?? 0, tests: s?.tests ?? 0 });
        if (failures > 0) reject(new Error(`${failures} integration tests failed.`));
        else resolve();
      });
    } catch (err) {
      write({ passes: 0, failures: 1, error: String(err) });
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
