import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEBUG_SECRETS_KEY, decideDebugInjection } from '../../src/core/runtimeEnv/debugSessions';

const node = (extra: Record<string, unknown>) => ({ type: 'node', name: 'app', ...extra });

describe('which debug configurations get the mapped variables', () => {
  it('a launch does, an attach does not, and the per-configuration opt-in and opt-out win', () => {
    assert.equal(DEBUG_SECRETS_KEY, 'paymentApiSecrets');
    assert.equal(decideDebugInjection(node({ request: 'launch' })).inject, true);
    assert.equal(decideDebugInjection(node({ request: 'attach', port: 9229 })).inject, false);
    assert.equal(decideDebugInjection(node({ request: 'attach', paymentApiSecrets: true })).inject, true);
    assert.equal(decideDebugInjection(node({ request: 'launch', paymentApiSecrets: false })).inject, false);
    assert.equal(decideDebugInjection(node({ request: 'attach', paymentApiSecrets: false })).inject, false);
    assert.equal(decideDebugInjection(node({})).inject, false, 'no request');
    assert.equal(decideDebugInjection(node({ request: 'Launch' })).inject, false, 'only the exact value');
    assert.equal(decideDebugInjection(node({ request: ['launch'] })).inject, false);
  });

  it('an opt-in or opt-out that is not a boolean counts as absent', () => {
    for (const v of ['true', 'false', 1, 0, null, {}, ['x']]) {
      assert.equal(
        decideDebugInjection(node({ request: 'attach', paymentApiSecrets: v })).inject,
        false,
        JSON.stringify(v),
      );
      assert.equal(
        decideDebugInjection(node({ request: 'launch', paymentApiSecrets: v })).inject,
        true,
        JSON.stringify(v),
      );
    }
  });

  it('a launch that runs its program in a container or elsewhere gets nothing unless it opts in', () => {
    for (const c of [
      { type: 'docker', request: 'launch' },
      { type: 'docker-coreclr', request: 'launch' },
      { type: 'cloudcode.kubernetes', request: 'launch' },
      { type: 'cppdbg', request: 'launch', pipeTransport: { pipeProgram: 'ssh' } },
      { type: 'cppdbg', request: 'launch', miDebuggerServerAddress: 'board:3333' },
      { type: 'node', request: 'launch', remoteRoot: '/app' },
      { type: 'go', request: 'launch', host: 'build-box.internal', port: 2345 },
    ]) {
      assert.equal(decideDebugInjection(c).inject, false, JSON.stringify(c));
      assert.equal(decideDebugInjection({ ...c, paymentApiSecrets: true }).inject, true, JSON.stringify(c));
    }
    for (const host of ['localhost', '127.0.0.1', '::1'])
      assert.equal(decideDebugInjection({ type: 'go', request: 'launch', host }).inject, true, host);
    for (const type of ['node', 'pwa-node', 'python', 'debugpy', 'go', 'lldb', 'cppdbg', 'coreclr', 'java', 'php'])
      assert.equal(decideDebugInjection({ type, request: 'launch' }).inject, true, type);
  });

  it('says why, naming settings but not their values; anything else is not a configuration', () => {
    assert.match(decideDebugInjection(node({ request: 'attach' })).why, /request "attach".*"paymentApiSecrets": true/);
    assert.match(decideDebugInjection(node({})).why, /does not say "request": "launch"/);
    assert.match(decideDebugInjection(node({ request: 'launch', paymentApiSecrets: false })).why, /false/);
    const remote = decideDebugInjection({ type: 'go', request: 'launch', host: 'user:pw@build-box' });
    assert.match(remote.why, /"host" is not this machine/);
    assert.ok(!remote.why.includes('build-box'));
    const pipe = decideDebugInjection({ type: 'cppdbg', request: 'launch', pipeTransport: { pipeArgs: ['-pw'] } });
    assert.ok(!pipe.why.includes('-pw'));
    const child = decideDebugInjection({ type: 'pwa-node', request: 'attach', __pendingTargetId: 't1' });
    assert.deepEqual([child.inject, child.quiet], [false, true], "js-debug's session for a child process");
    assert.equal(decideDebugInjection(node({ request: 'attach' })).quiet, undefined);
    for (const bad of [undefined, null, 'launch', 42, ['launch']])
      assert.equal(decideDebugInjection(bad).inject, false);
  });
});
