// Text output cannot be forged (issue 18 item 6): names and authors from a hostile repository are
// printed escaped, one finding per line; SARIF URIs are percent-encoded; JSON stays exact.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from './cliHarness';
import { NO_ODD_NAMES } from './platform';
import { secrets } from './secretFixtures';

const S = secrets();
const ESC = '\x1b';
const BEL = '\x07';
/** A file name that sets the terminal title, erases the line, and starts a forged finding on a new line. */
const HOSTILE_NAME = `a${ESC}]0;PWNED${BEL}${ESC}[2K\nx.js:9:9: error forged-rule: fake\r\u202e\u2028\u0085.js`;
/** The same without spaces (a name with a space gets a tab after it in git's diff headers). */
const HOSTILE_GIT_NAME = `a${ESC}]0;PWNED${BEL}${ESC}[2K\nx.js:9:9:error\u202e.js`;
const HOSTILE_AUTHOR = `Mallory${ESC}]0;OWNED${BEL}${ESC}[2K`;
/** What must never reach a terminal raw: C0 controls but the line feed, DEL, C1, separators, bidi controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

interface Finding {
  path: string;
  author?: string;
}

function assertNoRawControls(r: { stdout: string; stderr: string }) {
  assert.doesNotMatch(r.stdout, RAW_CONTROL, 'stdout');
  assert.doesNotMatch(r.stderr, RAW_CONTROL, 'stderr');
}

/** The text report's lines that start a finding (the others are indented details and the summary). */
function findingLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(' ') && !/^(No secrets found|\d+ findings?) /.test(l));
}

function inTempDir(name: string) {
  const state = { dir: '', cwd: '' };
  before(() => {
    state.cwd = process.cwd();
    state.dir = fs.mkdtempSync(path.join(os.tmpdir(), `payapi-${name}-`));
    process.chdir(state.dir);
  });
  after(() => {
    process.chdir(state.cwd);
    fs.rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}

describe('payapi scan: a file name with control characters', { skip: NO_ODD_NAMES }, () => {
  inTempDir('out-name');
  before(() => {
    fs.writeFileSync(HOSTILE_NAME, `const k = '${S.stripeLive}';\n`);
    fs.writeFileSync('plain.js', `const k = '${S.stripeTest}';\n`);
  });

  it('text: the name is escaped and each finding is one line, so no line is forged', async () => {
    const r = await cli(['scan', '--no-ignore', '.']);
    assert.equal(r.code, 1, r.stderr);
    assertNoRawControls(r);
    const lines = findingLines(r.stdout);
    assert.equal(lines.length, 2, r.stdout);
    assert.ok(!lines.some((l) => l.startsWith('x.js:9:9')), 'no forged finding line');
    const hostile = lines.find((l) => l.startsWith('a\\x1b'));
    assert.ok(hostile, r.stdout);
    assert.ok(
      hostile.startsWith(
        'a\\x1b]0;PWNED\\x07\\x1b[2K\\nx.js:9:9: error forged-rule: fake\\r\\u202e\\u2028\\u0085.js:1:',
      ),
      hostile,
    );
    assert.match(hostile, /: error stripe-secret-key: /);
  });

  it('JSON keeps the exact name; SARIF percent-encodes it into a URI that decodes back to it', async () => {
    const json = await cli(['scan', '--no-ignore', '--format', 'json', '.']);
    assertNoRawControls(json);
    const paths = (JSON.parse(json.stdout) as { findings: Finding[] }).findings.map((f) => f.path).sort();
    assert.deepEqual(paths, [HOSTILE_NAME, 'plain.js']);

    const sarif = await cli(['scan', '--no-ignore', '--format', 'sarif', '.']);
    assertNoRawControls(sarif);
    const log = JSON.parse(sarif.stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uris = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri ?? '') ?? [];
    assert.equal(uris.length, 2);
    for (const uri of uris) assert.match(uri, /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/, `RFC 3986 only: ${uri}`);
    assert.deepEqual(uris.map(decodeURIComponent).sort(), paths);
    const hostile = uris.find((u) => u !== 'plain.js') ?? '';
    assert.ok(hostile.startsWith('a%1B%5D0%3BPWNED%07%1B%5B2K%0Ax.js%3A9%3A9%3A%20error'), hostile);
    // It still resolves against the scan root to the file.
    const resolved = new URL(hostile, `file://${process.cwd()}/`);
    assert.equal(decodeURIComponent(resolved.pathname), path.join(process.cwd(), HOSTILE_NAME));
  });

  it('--output FILE with a hostile name: the stderr note is escaped', async () => {
    const out = `report${ESC}[2K\n.txt`;
    const r = await cli(['scan', '--no-ignore', '--output', out, 'plain.js']);
    assert.equal(r.code, 1);
    assertNoRawControls(r);
    assert.match(r.stderr, /written to report\\x1b\[2K\\n\.txt/);
    fs.rmSync(out);
  });
});

describe('payapi scan --history: an author name and a path with control characters', { skip: NO_ODD_NAMES }, () => {
  inTempDir('out-history');
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  before(() => {
    git(['init', '-q', '-b', 'main']);
    fs.writeFileSync('README.md', '# shop\n');
    fs.writeFileSync(HOSTILE_GIT_NAME, `STRIPE=${S.stripeLive}\n`);
    git(['add', '.']);
    git(['commit', '-q', '-m', `add${ESC}]0;SUBJECT${BEL} keys`], {
      GIT_AUTHOR_NAME: HOSTILE_AUTHOR,
      GIT_AUTHOR_EMAIL: 'm@example.test',
      GIT_COMMITTER_NAME: HOSTILE_AUTHOR,
      GIT_COMMITTER_EMAIL: 'm@example.test',
    });
  });

  it('text: author and path are escaped; the finding and its detail are one line each', async () => {
    const json = await cli(['scan', '--history', '--format', 'json']);
    assertNoRawControls(json);
    const findings = (JSON.parse(json.stdout) as { findings: Finding[] }).findings;
    assert.equal(findings.length, 1, json.stdout);
    assert.equal(findings[0]?.author, HOSTILE_AUTHOR, 'git kept the author as given');
    assert.equal(findings[0]?.path, HOSTILE_GIT_NAME);

    const r = await cli(['scan', '--history']);
    assert.equal(r.code, 1, r.stderr);
    assertNoRawControls(r);
    const lines = r.stdout.split('\n');
    assert.equal(findingLines(r.stdout).length, 1, r.stdout);
    assert.ok(lines[0]?.startsWith('a\\x1b]0;PWNED\\x07\\x1b[2K\\nx.js:9:9:error\\u202e.js:1:'), lines[0]);
    assert.match(lines[1] ?? '', /^ {4}added in [0-9a-f]+ by Mallory\\x1b\]0;OWNED\\x07\\x1b\[2K on \d{4}-\d\d-\d\d$/);
    assert.match(lines[2] ?? '', /^1 finding /);
  });
});
