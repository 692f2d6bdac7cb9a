// A re-scan after an edit gives what a full scan gives, also for the exposure rules that connect lines
// any distance apart (a name set at the top of a file, logged or printed far below): before, the
// re-scan looked only at a window around the edit, and missed or kept such findings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Edit, rescan, scan } from '../../src/core/scanner/scan';

const ENV = ['HEL', 'CIM_API_TOKEN'].join('');
const pad = (n: number, c = '//') =>
  Array.from({ length: n }, (_, i) => `${c} filler line ${i} lorem ipsum dolor sit amet\n`).join('');
const ids = (fs: { ruleId: string }[]) => fs.map((f) => f.ruleId);

/** Scans `before`, applies `edit` to get `after`, and checks the re-scan against a full scan of `after`. */
function same(path: string, before: string, edit: Edit, inserted: string): string[] {
  const after = before.slice(0, edit.offset) + inserted + before.slice(edit.offset + edit.removed);
  const file = { path };
  const full = scan(after, { file });
  assert.deepEqual(rescan(after, scan(before, { file }), [edit], { file }), full);
  return ids(full);
}

describe('a re-scan equals a full scan for rules that reach far', () => {
  const tail = 'console.log(apiKey);\n';
  const plain = 'const apiKey = "x";\n';
  const fromEnv = `const apiKey = process.env.${ENV};\n`;

  it('secret-in-log: the name set from a secret at the top, the log 23 KB below', () => {
    const before = plain + pad(500) + tail;
    const edit = { offset: 0, removed: plain.length, inserted: fromEnv.length };
    assert.deepEqual(same('server.js', before, edit, fromEnv), ['secret-in-log']);
  });

  it('secret-in-log: the name no longer set from a secret: the finding below goes', () => {
    const before = fromEnv + pad(500) + tail;
    const edit = { offset: 0, removed: fromEnv.length, inserted: plain.length };
    assert.deepEqual(same('server.js', before, edit, plain), []);
  });

  it('secret-in-log: the log typed far below the name', () => {
    const before = `${fromEnv + pad(500)}\n`;
    const edit = { offset: before.length - 1, removed: 0, inserted: tail.length };
    assert.deepEqual(same('server.js', before, edit, tail), ['secret-in-log']);
  });

  it('browser-server-call: a PHP page echoes into a script a token read 23 KB above', () => {
    const before = `<?php\n  $token = getenv("${ENV}");\n${pad(500, '  //')}\n`;
    const echo = `  echo "<script>var t = '$token';</script>";\n?>\n<p>x</p>\n`;
    const edit = { offset: before.length - 1, removed: 0, inserted: echo.length };
    assert.ok(same('checkout.php', before, edit, echo).includes('browser-server-call'));
  });

  it('client-config-secret: a config block far from the variable it hands over', () => {
    const before = `const k = process.env.${ENV};\nmodule.exports = {\n  env: {\n${pad(400, '    //')}\n  },\n};\n`;
    const at = before.indexOf('\n  },');
    const line = '\n    API: k,';
    same('next.config.js', before, { offset: at, removed: 0, inserted: line.length }, line);
  });
});
