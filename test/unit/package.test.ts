import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const ALLOWED = [
  /^dist\/(extension|cli|undici|scanWorker|textScanWorker)\.js$/,
  /^dist\/webview\/(main|webhooks)\.js$/,
  /^media\/(walkthrough\/)?[\w.-]+\.(svg|css|png|md)$/,
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
];

/** The files the walkthrough steps show, as package.json names them. */
function walkthroughMedia(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs?: { steps: { media: Record<string, unknown> }[] }[] };
  };
  const media = (pkg.contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media));
  assert.ok(media.length > 0, 'no walkthrough is contributed');
  return media.flatMap((m) =>
    [m.markdown, m.svg, m.image].flatMap((f) =>
      typeof f === 'string' ? [f] : f && typeof f === 'object' ? Object.values(f as Record<string, string>) : [],
    ),
  );
}

describe('the .vsix package', () => {
  it('holds only the allow-listed files', { timeout: 60_000 }, () => {
    // vsce's own script through node: node_modules/.bin/vsce is a shell script that Windows cannot run.
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
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
      // The walkthrough's media (contributes.walkthroughs), as package.json names them.
      ...walkthroughMedia(),
    ]) {
      assert.ok(files.includes(needed), `${needed} is missing from the package`);
    }
  });
});
