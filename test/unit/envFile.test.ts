import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { describeError, isAppError } from '../../src/core/errors';
import { checkWriteTarget, kindOfFileType, openTextTarget, readRegularText } from '../../src/core/runtimeEnv/envFile';
import { NO_FIFOS, NO_SYMLINKS } from './platform';

const posix = process.platform !== 'win32';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-envfile-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A fresh workspace folder and a folder outside it, with a file there the tests must never change. */
function layout() {
  const base = path.join(tmp, String(n++));
  const ws = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(ws, { recursive: true });
  fs.mkdirSync(outside);
  const target = path.join(outside, 'tracked.txt');
  fs.writeFileSync(target, 'KEEP=1\n');
  return { ws, outside, target, env: path.join(ws, '.env') };
}
const refused = (re: RegExp) => (e: unknown) => isAppError(e, 'ERR_UNSUPPORTED') && re.test(describeError(e));
function mkfifo(p: string): boolean {
  try {
    execFileSync('mkfifo', [p]);
    return true;
  } catch {
    return false;
  }
}

describe('where Move to .env may write', () => {
  it('refuses a link, a FIFO, a device, a folder, a second hard link, a folder leading outside; says so', () => {
    assert.throws(
      () => checkWriteTarget({ path: '/w/.env', kind: 'symlink', linkTarget: '/elsewhere/tracked.txt' }),
      (e: unknown) =>
        isAppError(e, 'ERR_UNSUPPORTED') &&
        describeError(e) ===
          "/w/.env is a symbolic link to /elsewhere/tracked.txt; the secret was not written. Remove the link or use 'Read it from the environment' instead.",
    );
    for (const [kind, what] of [
      ['fifo', 'a named pipe'],
      ['device', 'a device'],
      ['socket', 'a socket'],
      ['directory', 'a folder'],
      ['other', 'not a regular file'],
    ] as const) {
      assert.throws(() => checkWriteTarget({ path: '/w/.env', kind }), refused(new RegExp(`is ${what}.*not written`)));
    }
    assert.throws(() => checkWriteTarget({ path: '/w/.env', kind: 'file', links: 2 }), refused(/2 hard links/));
    const inFolder = (parentReal: string) => ({
      path: '/w/x/.env',
      kind: 'file' as const,
      folderReal: '/w',
      parentReal,
    });
    assert.throws(() => checkWriteTarget(inFolder('/elsewhere')), refused(/leads outside the workspace folder/));
    assert.throws(() => checkWriteTarget(inFolder('/w-evil')), refused(/leads outside/));
    assert.throws(() => checkWriteTarget(inFolder('/')), refused(/leads outside/));
    checkWriteTarget(inFolder('/w'));
    checkWriteTarget(inFolder('/w/x'));
    checkWriteTarget({ path: '/w/.env', kind: 'missing' });
    checkWriteTarget({ path: '/w/.env', kind: 'file', links: 1 });
  });

  it("reads VS Code's FileType: SymbolicLink is a bit on top of File or Directory", () => {
    assert.equal(kindOfFileType(1 | 64), 'symlink');
    assert.equal(kindOfFileType(2 | 64), 'symlink');
    assert.equal(kindOfFileType(64), 'symlink');
    assert.equal(kindOfFileType(1), 'file');
    assert.equal(kindOfFileType(2), 'directory');
    assert.equal(kindOfFileType(0), 'other');
  });

  it(
    'a committed .env link to a file outside: refused before reading, the file is unchanged',
    { skip: NO_SYMLINKS },
    async () => {
      const l = layout();
      fs.symlinkSync(l.target, l.env);
      await assert.rejects(openTextTarget(l.env, l.ws), refused(/\.env is a symbolic link to .*tracked\.txt/));
      const rel = layout();
      fs.symlinkSync(path.relative(rel.ws, rel.target), rel.env);
      await assert.rejects(openTextTarget(rel.env, rel.ws), refused(/symbolic link to \.\.\/outside\/tracked\.txt/));
      assert.equal(fs.readFileSync(l.target, 'utf8'), 'KEEP=1\n');
      assert.equal(fs.readFileSync(rel.target, 'utf8'), 'KEEP=1\n');
    },
  );

  it(
    'a .env that is a FIFO or a link to /dev/zero is refused at once (no hang, no endless read)',
    { skip: NO_FIFOS, timeout: 5000 },
    async () => {
      const l = layout();
      fs.symlinkSync('/dev/zero', l.env);
      await assert.rejects(openTextTarget(l.env, l.ws), refused(/symbolic link to \/dev\/zero/));
      const f = layout();
      if (mkfifo(f.env)) await assert.rejects(openTextTarget(f.env, f.ws), refused(/named pipe/));
    },
  );

  it(
    'a .env in a folder that is a link leading outside the workspace folder is refused',
    { skip: NO_SYMLINKS },
    async () => {
      const l = layout();
      fs.symlinkSync(l.outside, path.join(l.ws, 'conf'));
      await assert.rejects(openTextTarget(path.join(l.ws, 'conf', 'tracked.txt'), l.ws), refused(/leads outside/));
      assert.equal(fs.readFileSync(l.target, 'utf8'), 'KEEP=1\n');
    },
  );

  it('a second hard link is refused: writing it would change the other name', async () => {
    const l = layout();
    try {
      fs.linkSync(l.target, l.env);
    } catch {
      return; // tmp on another device than expected: nothing to check
    }
    await assert.rejects(openTextTarget(l.env, l.ws), refused(/hard links/));
    assert.equal(fs.readFileSync(l.target, 'utf8'), 'KEEP=1\n');
  });

  it('a new .env is created 0600 on write only; an existing one is rewritten in place, its mode kept', async () => {
    const l = layout();
    const t = await openTextTarget(l.env, l.ws);
    assert.equal(t.text, '');
    assert.ok(!fs.existsSync(l.env), 'nothing is created until write');
    await t.write('A=1\n');
    assert.equal(fs.readFileSync(l.env, 'utf8'), 'A=1\n');
    if (posix) assert.equal(fs.statSync(l.env).mode & 0o777, 0o600);
    fs.chmodSync(l.env, 0o640);
    const again = await openTextTarget(l.env, l.ws);
    assert.equal(again.text, 'A=1\n');
    await again.write('A=1\nB=2\n');
    assert.equal(fs.readFileSync(l.env, 'utf8'), 'A=1\nB=2\n');
    if (posix) assert.equal(fs.statSync(l.env).mode & 0o777, 0o640);
    const shorter = await openTextTarget(l.env, l.ws);
    await shorter.write('C=3\n');
    assert.equal(fs.readFileSync(l.env, 'utf8'), 'C=3\n', 'no old bytes left at the end');
  });

  it(
    'a link swapped in between reading and writing is refused, and so is one put where no file was',
    { skip: NO_SYMLINKS },
    async () => {
      const l = layout();
      fs.writeFileSync(l.env, 'A=1\n');
      const t = await openTextTarget(l.env, l.ws);
      fs.rmSync(l.env);
      fs.symlinkSync(l.target, l.env);
      await assert.rejects(t.write('A=1\nB=2\n'), refused(/symbolic link/));
      const m = layout();
      const fresh = await openTextTarget(m.env, m.ws);
      fs.symlinkSync(m.target, m.env);
      await assert.rejects(
        fresh.write('B=2\n'),
        (e: unknown) => isAppError(e, 'ERR_IO') && /changed while/.test(String(e)),
      );
      const r = layout();
      fs.writeFileSync(r.env, 'A=1\n');
      const replaced = await openTextTarget(r.env, r.ws);
      // Another program saves a new .env (write a copy, rename it over the old one).
      fs.writeFileSync(`${r.env}.new`, 'OTHER=1\n');
      fs.renameSync(`${r.env}.new`, r.env);
      await assert.rejects(replaced.write('A=1\nB=2\n'), /changed while/);
      assert.equal(fs.readFileSync(r.env, 'utf8'), 'OTHER=1\n');
      for (const x of [l, m]) assert.equal(fs.readFileSync(x.target, 'utf8'), 'KEEP=1\n');
    },
  );

  it('readRegularText follows links to regular files only', { skip: NO_FIFOS, timeout: 5000 }, async () => {
    const l = layout();
    fs.symlinkSync(l.target, path.join(l.ws, 'gi'));
    assert.equal(await readRegularText(path.join(l.ws, 'gi')), 'KEEP=1\n');
    fs.symlinkSync('/dev/zero', path.join(l.ws, 'zero'));
    assert.equal(await readRegularText(path.join(l.ws, 'zero')), '');
    if (mkfifo(path.join(l.ws, 'fifo'))) assert.equal(await readRegularText(path.join(l.ws, 'fifo')), '');
    assert.equal(await readRegularText(path.join(l.ws, 'missing')), '');
  });
});
