// One reader for the small files a repository chooses (.git files, ignore files, front-end configs):
// no link followed, no FIFO waited on, never more than asked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readSmallFile } from '../../src/core/readSmallFile';
import { NO_FIFOS, NO_SYMLINKS } from './platform';

describe('readSmallFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-small-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('reads the first max bytes, or nothing of a larger file when whole is asked', () => {
    const p = file('a.txt', 'x'.repeat(100));
    assert.equal(readSmallFile(p, 1000), 'x'.repeat(100));
    assert.equal(readSmallFile(p, 10), 'x'.repeat(10));
    assert.equal(readSmallFile(p, 10, { whole: true }), undefined);
    assert.equal(readSmallFile(p, 100, { whole: true }), 'x'.repeat(100));
    assert.equal(readSmallFile(file('empty', ''), 10), '');
  });

  it('nothing for a missing file or a folder', () => {
    assert.equal(readSmallFile(path.join(dir, 'missing'), 10), undefined);
    assert.equal(readSmallFile(dir, 10), undefined);
  });

  it('does not follow a link', { skip: NO_SYMLINKS }, () => {
    const target = file('target.txt', 'secret');
    fs.symlinkSync(target, path.join(dir, 'link'));
    assert.equal(readSmallFile(path.join(dir, 'link'), 100), undefined);
  });

  it('does not wait on a FIFO nobody writes to', { skip: NO_FIFOS, timeout: 5000 }, () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    assert.equal(readSmallFile(fifo, 100), undefined);
  });
});
