// The hosted CI workflow never runs on our machines: this checks it as far as can be done here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type YamlValue, parseYamlSubset } from './yamlSubset';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'ci.yml');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  engines: { vscode: string; node: string };
};
const OSES = ['ubuntu-latest', 'macos-latest', 'windows-latest'];

type Map = { [key: string]: YamlValue };
const isMap = (v: YamlValue | undefined): v is Map => !!v && typeof v === 'object' && !Array.isArray(v);
function map(v: YamlValue | undefined, what: string): Map {
  assert.ok(isMap(v), `${what} is not a mapping`);
  return v;
}
function list(v: YamlValue | undefined, what: string): YamlValue[] {
  assert.ok(Array.isArray(v), `${what} is not a list`);
  return v;
}
function text(v: YamlValue | undefined, what: string): string {
  assert.equal(typeof v, 'string', `${what} is not a string`);
  return v as string;
}

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  env: Record<string, string>;
}

function steps(job: Map, name: string): Step[] {
  return list(job.steps, `jobs.${name}.steps`).map((s, i) => {
    const m = map(s, `jobs.${name}.steps[${i}]`);
    const allowed = new Set(['uses', 'run', 'if', 'id', 'with', 'env', 'name']);
    assert.deepEqual(
      Object.keys(m).filter((k) => !allowed.has(k)),
      [],
      `jobs.${name}.steps[${i}]`,
    );
    assert.ok((m.uses === undefined) !== (m.run === undefined), `jobs.${name}.steps[${i}] needs uses or run`);
    const env = m.env === undefined ? {} : map(m.env, `jobs.${name}.steps[${i}].env`);
    return {
      ...(m.uses !== undefined ? { uses: text(m.uses, 'uses') } : {}),
      ...(m.run !== undefined ? { run: text(m.run, 'run') } : {}),
      ...(m.if !== undefined ? { if: text(m.if, 'if') } : {}),
      ...(m.id !== undefined ? { id: text(m.id, 'id') } : {}),
      env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, text(v, k)])),
    };
  });
}

/** The npm scripts a `run:` line starts (`npm run X`, `npm test`), after checking it is a command we expect. */
function scriptsRun(run: string): string[] {
  const ok = [
    /^npm ci$/,
    /^npm run ([\w:-]+)$/,
    /^npm test$/,
    /^xvfb-run -a npm run ([\w:-]+)$/,
    /^npm config set script-shell "C:\\Program Files\\Git\\bin\\bash\.exe"$/,
  ];
  const m = ok.map((re) => re.exec(run)).find(Boolean);
  assert.ok(m, `unexpected command in the workflow: ${run}`);
  return run === 'npm test' ? ['test'] : m[1] ? [m[1]] : [];
}

const workflow = () => map(parseYamlSubset(fs.readFileSync(WORKFLOW, 'utf8')), 'the workflow');

describe('.github/workflows/ci.yml (GitHub Actions; it cannot run here)', () => {
  it('is YAML of the strict subset, with triggers, read-only permissions and two jobs', () => {
    const w = workflow();
    assert.equal(w.name, 'CI');
    const on = map(w.on, 'on');
    assert.ok('push' in on && 'pull_request' in on, Object.keys(on).join());
    assert.deepEqual(w.permissions, { contents: 'read' });
    assert.deepEqual(Object.keys(map(w.jobs, 'jobs')).sort(), ['integration', 'unit']);
  });

  it('every step runs a script package.json has, and actions are pinned to a major version', () => {
    const jobs = map(workflow().jobs, 'jobs');
    for (const [name, job] of Object.entries(jobs)) {
      for (const s of steps(map(job, name), name)) {
        if (s.uses) assert.match(s.uses, /^[\w-]+\/[\w-]+@v\d+$/, s.uses);
        for (const script of s.run ? scriptsRun(s.run) : [])
          assert.ok(pkg.scripts[script], `jobs.${name} runs npm script "${script}", which package.json lacks`);
      }
    }
  });

  it('unit, CLI and webview layers: Linux, macOS and Windows, Node 20 and 22, built before the tests', () => {
    const job = map(map(workflow().jobs, 'jobs').unit, 'jobs.unit');
    assert.equal(job['runs-on'], '${{ matrix.os }}');
    const matrix = map(map(job.strategy, 'strategy').matrix, 'matrix');
    assert.deepEqual(matrix.os, OSES);
    assert.deepEqual(matrix.node, ['20', '22']);
    const minNode = Number(/^>=(\d+)/.exec(pkg.engines.node)?.[1]);
    for (const v of list(matrix.node, 'node')) assert.ok(Number(text(v, 'node')) >= minNode, `Node ${text(v, 'node')}`);
    const s = steps(job, 'unit');
    const order = s.flatMap((x) => (x.run ? scriptsRun(x.run) : []));
    for (const needed of ['check-types', 'build', 'test:unit', 'test:webview'])
      assert.ok(order.includes(needed), `the unit job does not run ${needed}`);
    // CLI tests run dist/cli.js; the webview tests load dist/webview/main.js.
    assert.ok(order.indexOf('build') < order.indexOf('test:unit'));
    assert.ok(order.indexOf('build') < order.indexOf('test:webview'));
    assert.match(pkg.scripts['test:unit'] ?? '', /test\/unit\/\*\.test\.ts/);
    // npm runs scripts with cmd.exe on Windows, which does not expand that glob: bash does.
    const shell = s.find((x) => x.run?.startsWith('npm config set script-shell'));
    assert.equal(shell?.if, "runner.os == 'Windows'");
    assert.ok(s.indexOf(shell) < s.findIndex((x) => x.run === 'npm run test:unit'));
    // The webview tests drive a Chrome that the runner installs; the harness reads CHROMIUM_PATH.
    const chrome = s.find((x) => x.uses?.startsWith('browser-actions/setup-chrome@'));
    const webview = s.find((x) => x.run === 'npm run test:webview');
    assert.ok(chrome?.id, 'the Chrome step needs an id');
    assert.equal(webview?.env.CHROMIUM_PATH, `\${{ steps.${chrome.id}.outputs.chrome-path }}`);
    assert.match(fs.readFileSync(path.join(ROOT, 'test', 'harness', 'codeServer.mjs'), 'utf8'), /CHROMIUM_PATH/);
  });

  it('integration: desktop VS Code through @vscode/test-electron, the minimum engines.vscode and stable, xvfb on Linux', () => {
    const job = map(map(workflow().jobs, 'jobs').integration, 'jobs.integration');
    const matrix = map(map(job.strategy, 'strategy').matrix, 'matrix');
    assert.deepEqual(matrix.os, OSES);
    const minimum = pkg.engines.vscode.replace(/^\^/, '');
    assert.match(minimum, /^\d+\.\d+\.\d+$/);
    assert.deepEqual(matrix.vscode, [minimum, 'stable']);
    assert.equal(map(job.env, 'env').VSCODE_VERSION, '${{ matrix.vscode }}');
    const runs = steps(job, 'integration').filter((x) => x.run?.includes('test:electron'));
    assert.deepEqual(
      runs.map((x) => [x.if, x.run]),
      [
        ["runner.os == 'Linux'", 'xvfb-run -a npm run test:electron'],
        ["runner.os != 'Linux'", 'npm run test:electron'],
      ],
    );
    // The script builds the extension and the suites, then runs them in the version the job names.
    assert.match(pkg.scripts['test:electron'] ?? '', /esbuild\.js --tests && node test\/harness\/runElectron\.mjs$/);
    const runner = fs.readFileSync(path.join(ROOT, 'test', 'harness', 'runElectron.mjs'), 'utf8');
    assert.match(runner, /process\.env\.VSCODE_VERSION/);
    assert.match(runner, /from '@vscode\/test-electron'/);
    // Both passes, as on our machines: trusted, then Restricted Mode with only its suite.
    assert.match(runner, /PAYAPI_SUITES: restricted \? 'restricted' : ''/);
    assert.match(runner, /RESTRICTED_SETTINGS/);
  });
});

describe('the YAML subset reader', () => {
  it('reads mappings, sequences, flow sequences, quoted and plain scalars and comments', () => {
    const doc = [
      '# comment',
      'a: 1 # trailing',
      "b: 'it''s: quoted'",
      'c: [x, "y z", \'1.0\']',
      'd:',
      '  - plain ${{ x }}',
      '  - k: v',
      '    k2:',
      '      - 2',
      '  -',
      '    nested: yes',
      'e:',
    ].join('\n');
    assert.deepEqual(parseYamlSubset(doc), {
      a: '1',
      b: "it's: quoted",
      c: ['x', 'y z', '1.0'],
      d: ['plain ${{ x }}', { k: 'v', k2: ['2'] }, { nested: 'yes' }],
      e: null,
    });
  });

  it('refuses what it does not know instead of guessing', () => {
    for (const [doc, why] of [
      ['a:\n\tb: 1', /tab/],
      ['a: 1\na: 2', /duplicate key a/],
      ['a:\n  b: 1\n c: 2', /line 3/],
      ['a: b: c', /inside a plain scalar/],
      ['a: &anchor 1', /not in the subset/],
      ['a: |\n  text', /not in the subset/],
      ['a: {b: 1}', /not in the subset/],
      ['a: [b, [c]]', /nested flow/],
      ['a: [b', /close on its line/],
      ['---\na: 1', /document markers/],
      ['- a\nb: 1', /line 2/],
    ] as const)
      assert.throws(() => parseYamlSubset(doc), why, doc);
  });
});
