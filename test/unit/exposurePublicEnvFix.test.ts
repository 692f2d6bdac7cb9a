// public-env-secret: its rename quick fix, the Helcim rule on public names, and what a hostile
// repository could do with the rule (stall it, forge a preview). Values are built at run time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publicEnvRename, publicEnvSecret } from '../../src/core/scanner/exposure/publicEnv';
import type { FileContext } from '../../src/core/scanner/fileContext';
import { scan } from '../../src/core/scanner/scan';
import { slowLines } from './exposureTiming';
import { secrets } from './secretFixtures';

const S = secrets();
const T = S.helcim;
const ID = 'public-env-secret';

/** The quick fix for the first occurrence of `name` in `text`. */
const renameAt = (text: string, name: string, prefixes: string[] = []) => {
  const at = text.indexOf(name);
  return publicEnvRename(text, at, at + name.length, prefixes);
};

describe('publicEnvRename', () => {
  it('renames a name a .env line sets to the server-only name', () => {
    const text = `PORT=3000\nNEXT_PUBLIC_HELCIM_API_TOKEN=${T}\n`;
    const fix = renameAt(text, 'NEXT_PUBLIC_HELCIM_API_TOKEN');
    assert.deepEqual(fix?.edit, { start: 10, end: 38, text: 'HELCIM_API_TOKEN' });
    assert.equal(fix?.title, 'Rename to HELCIM_API_TOKEN (server only: not shipped to the browser by Next.js)');
    // After the fix, the ignored .env.local is what it should be: quiet.
    const fixed = text.slice(0, fix.edit.start) + fix.edit.text + text.slice(fix.edit.end);
    assert.deepEqual(scan(fixed, { file: { path: '.env.local', ignored: true } }), []);
  });

  it('`export NAME="…"`, and a prefix the project configures', () => {
    assert.equal(
      renameAt('export VITE_STRIPE_SECRET_KEY="x"\n', 'VITE_STRIPE_SECRET_KEY')?.edit.text,
      'STRIPE_SECRET_KEY',
    );
    const own = renameAt('APP_HELCIM_API_TOKEN=x\n', 'APP_HELCIM_API_TOKEN', ['APP_']);
    assert.equal(own?.edit.text, 'HELCIM_API_TOKEN');
    assert.match(own?.title ?? '', /this project's config/);
    assert.equal(renameAt('APP_HELCIM_API_TOKEN=x\n', 'APP_HELCIM_API_TOKEN'), undefined);
  });

  it('not when the server-only name is already set in the file (a duplicate would silently win or lose)', () => {
    const name = 'NEXT_PUBLIC_HELCIM_API_TOKEN';
    assert.equal(renameAt(`${name}=a\nHELCIM_API_TOKEN=b\n`, name), undefined);
    assert.equal(renameAt(`export HELCIM_API_TOKEN=b\n${name}=a\n`, name), undefined);
    // A longer name that only starts with it is another variable.
    assert.ok(renameAt(`${name}=a\nHELCIM_API_TOKEN_OLD=b\n`, name));
  });

  it('not for a read in code, a YAML key, a mention, or what is not a name', () => {
    const read = 'const k = process.env.NEXT_PUBLIC_HELCIM_API_TOKEN;';
    assert.equal(renameAt(read, 'NEXT_PUBLIC_HELCIM_API_TOKEN'), undefined);
    assert.equal(renameAt('VITE_STRIPE_SECRET_KEY: x\n', 'VITE_STRIPE_SECRET_KEY'), undefined);
    assert.equal(renameAt('Set NEXT_PUBLIC_HELCIM_API_TOKEN=x', 'NEXT_PUBLIC_HELCIM_API_TOKEN'), undefined);
    assert.equal(renameAt('VITE_1KEY=x', 'VITE_1KEY'), undefined);
    assert.equal(renameAt('HELCIM_API_TOKEN=x', 'HELCIM_API_TOKEN'), undefined);
    assert.equal(publicEnvRename('VITE_A B=x', 0, 8), undefined);
  });
});

describe('helcim-api-token: a Helcim api-token under a public name (the issue: missed today)', () => {
  const helcim = (text: string, file: FileContext = { path: '.env' }) =>
    scan(text, { file })
      .filter((f) => f.ruleId === 'helcim-api-token')
      .map((f) => text.slice(f.start, f.end));

  it('VITE_HELCIM_API_TOKEN=<token> in a tracked .env', () => {
    assert.deepEqual(helcim(`VITE_HELCIM_API_TOKEN=${T}\n`), [T]);
  });

  it('other public prefixes and spellings', () => {
    assert.deepEqual(helcim(`NEXT_PUBLIC_HELCIM_TOKEN="${T}"\n`), [T]);
    assert.deepEqual(helcim(`MIX_HELCIM_API_TOKEN=${T}\n`), [T], 'Laravel Mix');
    assert.deepEqual(helcim(`PUBLIC_ENV__HELCIM_TOKEN=${T}\n`), [T], 'Vike');
    assert.deepEqual(helcim(`PUBLIC_HELCIM_API_KEY=${T}\n`), [T]);
    assert.deepEqual(helcim(`REACT_APP_HELCIM_API_TOKEN: ${T}\n`, { path: 'ci.yml' }), [T]);
  });

  it('a public name that says only "key" or "token" is not a Helcim api-token, even in a Helcim section', () => {
    assert.deepEqual(helcim(`[helcim]\nPUBLIC_KEY=${T}\nVITE_TOKEN=${T}\n`, { path: 'config.ini' }), []);
  });

  it('the checkoutToken under a public name stays public', () => {
    assert.deepEqual(helcim(`NEXT_PUBLIC_HELCIM_CHECKOUT_TOKEN=${T}\n`), []);
  });
});

describe('public-env-secret on hostile input', () => {
  const words = [
    'NEXT_PUBLIC_HELCIM_API_TOKEN',
    'VITE_KEY',
    'APP_',
    'sk_live_',
    'export ',
    'VITE_',
    'PUBLIC_ENV__',
    'MIX_',
  ];
  const separators = ['-', ' ', '="', "'", '(', ')', '=', ': ', '\n'];
  for (const file of [{ path: '.env' }, { path: '.env.local', ignored: true, publicPrefixes: ['APP_', 'VITE_KEY'] }]) {
    it(`one long line of its own words grows linearly (${file.path})`, () => {
      assert.deepEqual(slowLines(publicEnvSecret, file, words, separators), []);
    });
  }

  it('a name with control characters never reaches a preview', () => {
    const text =
      `NEXT_PUBLIC_HELCIM\u001b[2J_API_TOKEN=${T}\nVITE_\u0007STRIPE_SECRET_KEY=x\nVITE_STRIPE\u202e_SECRET_KEY=x\n` +
      `\u001b[2J\u0007NEXT_PUBLIC_HELCIM_API_TOKEN\u0008=${T}\n`;
    const found = scan(text, { file: { path: '.env.local', ignored: true } });
    assert.deepEqual(
      found.map((f) => f.preview),
      ['NEXT_PUBLIC_HELCIM_API_TOKEN'],
    );
    for (const f of found) assert.doesNotMatch(f.message, /[\p{Cc}\p{Cf}]/u);
  });

  it('a name longer than any real one is not read (and not shown)', () => {
    const long = `VITE_STRIPE_SECRET_KEY${'_X'.repeat(100)}`;
    assert.deepEqual(scan(`${long}=x\n`, { file: { path: '.env' } }), []);
  });

  it("a project's prefix with regex characters is taken literally", () => {
    const file = { path: '.env', publicPrefixes: ['A.*', '(', '[x'] };
    assert.deepEqual(scan('ABCHELCIM_API_TOKEN=x\n', { file }), []);
  });

  it('a finding in a long minified line shows only its name', () => {
    const text = `${'x'.repeat(100_000)};var k=process.env.NEXT_PUBLIC_STRIPE_SECRET_KEY;${'y'.repeat(100_000)}`;
    const f = scan(text, { file: { path: 'out.js' } });
    assert.deepEqual(
      f.map((x) => [x.ruleId, x.preview]),
      [[ID, 'NEXT_PUBLIC_STRIPE_SECRET_KEY']],
    );
    assert.match(f[0]?.message ?? '', /is read here/);
  });
});
