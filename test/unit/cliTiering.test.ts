// The CLI lets V8 optimise later when a scan shares the cores (threads, or git writing the history),
// and only then: the setting is process-wide, and a one-thread scan is quicker with V8's default.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SHARED_CORES_BUDGET, scanSharesCores } from '../../src/cli/tiering';

/** How many calls a small function takes to be optimised by TurboFan, in a fresh process (`later`: with the CLI's setting). */
function callsToOptimise(later: boolean): number {
  const tiering = JSON.stringify(path.resolve(__dirname, '..', '..', 'src', 'cli', 'tiering.ts'));
  const script = [
    later ? `require(${tiering}).optimiseLaterForSharedCores();` : '',
    'function work(a) { let s = 0; for (let i = 0; i < 50; i++) s += (a * i) % 7; return s; }',
    'let n = 0;',
    // 64: V8's "optimised by TurboFan" status bit.
    'for (; n < 1e6; n++) { work(n); if (n % 50 === 0 && (%GetOptimizationStatus(work) & 64)) break; }',
    'console.log(n);',
  ].join('\n');
  const r = spawnSync(
    process.execPath,
    ['--allow-natives-syntax', '--no-concurrent-recompilation', '--import', 'tsx', '-e', script],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

describe('V8 tiering for scans that share the cores', () => {
  it('applies to scans with worker threads and to the history scan, not to one thread or the index', () => {
    assert.equal(scanSharesCores({ kind: 'tree', jobs: 2 }), true);
    assert.equal(scanSharesCores({ kind: 'history' }), true);
    assert.equal(scanSharesCores({ kind: 'tree', jobs: 1 }), false);
    assert.equal(scanSharesCores({ kind: 'staged' }), false);
  });

  it('optimises a hot function several times later than V8 would by default', () => {
    const usual = callsToOptimise(false);
    const later = callsToOptimise(true);
    assert.ok(usual < 1e6 && later < 1e6, `never optimised: ${usual}, ${later}`);
    // The budget is ~7x V8's default; the calls scale with it.
    assert.ok(later >= 4 * usual, `optimised after ${later} calls with the setting, ${usual} without`);
    assert.ok(SHARED_CORES_BUDGET > 67_584);
  });
});
