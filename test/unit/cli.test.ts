import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cli } from './cliHarness';
import { NO_SHEBANG } from './platform';
import { TOOL_VERSION } from '../../src/core/version';

describe('payapi CLI', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await cli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${TOOL_VERSION}\n`);
  });
  it('--help lists usage and exit codes', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: payapi <command>/);
    assert.match(r.stdout, /Exit codes: 0 ok, 1 .*2 usage/);
  });
  it('no arguments prints help and exits 2', async () => {
    const r = await cli([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /Usage/);
  });
  it('an unknown command is a usage error (exit 2) naming it', async () => {
    const r = await cli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    const proto = await cli(['constructor']);
    assert.equal(proto.code, 2, 'object prototype names are not commands');
  });
  it(
    'the bundled dist/cli.js runs as an executable with a shebang',
    { skip: NO_SHEBANG || (!existsSync('dist/cli.js') && 'run npm run build first') },
    () => {
      assert.equal(execFileSync('./dist/cli.js', ['--version'], { encoding: 'utf8' }).trim(), TOOL_VERSION);
      const r = spawnSync('./dist/cli.js', ['nope'], { encoding: 'utf8' });
      assert.equal(r.status, 2);
    },
  );
});
