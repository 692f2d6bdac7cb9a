import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const ALLOWED = [
  /^dist\/(extension|cli|undici|scanWorker|textScanWorker)\.js$/,
  /^dist\/webview\/(main|webhooks)\.js$/,
  /^media\/[\w.-]+\.(svg|css|png|md)$/,
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
];

describe('the .vsix package', () => {
  it('holds only the allow-listed files', { timeout: 60_000 }, () => {
    const out = execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const files = out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    assert.ok(
      files.includes('package.json') && files.includes('README.md') && files.includes('LICENSE'),
      files.join(', '),
    );
    const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    assert.deepEqual(stray, []);
    // What the extension loads at run time must be there too (undici is required lazily from dist/).
    for (const needed of [
      'dist/extension.js',
      'dist/undici.js',
      'dist/cli.js',
      'dist/scanWorker.js',
      'dist/textScanWorker.js',
      'dist/webview/main.js',
      'dist/webview/webhooks.js',
      'media/webview.css',
      'media/activity-bar.svg',
      'media/rules.md',
    ]) {
      assert.ok(files.includes(needed), `${needed} is missing from the package`);
    }
  });
});
