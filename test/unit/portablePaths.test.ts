// The path logic the scanner, git, baselines and SARIF share, under `path.win32` (on any machine) and
// `path.posix`: CI runs the suites on Windows, but our machines are Linux.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ignoreRelativePath } from '../../src/core/git/ignoreFiles';
import { findRepository } from '../../src/core/git/repository';
import { isWithin, slashPath, slashRelative, slashSegments, underTop } from '../../src/core/paths';
import { checkWriteTarget } from '../../src/core/runtimeEnv/envFile';
import { baselinePath } from '../../src/core/scanner/baseline';
import { type LocatedFinding, contextPath, resultPath } from '../../src/core/scanner/engine';
import { isEnvFile } from '../../src/core/scanner/fileContext';
import { InsideRoot } from '../../src/core/scanner/files';
import { artifactLocation, toSarif } from '../../src/core/scanner/sarif';
import { shownPath } from '../../src/core/text/pathArg';

const { win32, posix } = path;

describe('paths: relative, contained, joined (path.win32 and path.posix)', () => {
  it('slashRelative and slashPath write `/` on Windows and keep a POSIX backslash as part of a name', () => {
    assert.equal(slashRelative('C:\\repo', 'C:\\repo\\src\\a.ts', win32), 'src/a.ts');
    assert.equal(slashRelative('C:\\Repo', 'c:\\repo\\Src\\a.ts', win32), 'Src/a.ts', 'drive letters and case');
    assert.equal(slashRelative('C:\\repo\\sub', 'C:\\repo\\b.ts', win32), '../b.ts');
    assert.equal(slashRelative('C:\\repo', 'D:\\keys\\a.pem', win32), 'D:/keys/a.pem', 'another drive');
    assert.equal(slashRelative('\\\\srv\\share', '\\\\srv\\share\\x\\y', win32), 'x/y');
    assert.equal(slashRelative('/repo', '/repo/a\\b.ts', posix), 'a\\b.ts');
    assert.equal(slashPath('src\\a.ts', win32), 'src/a.ts');
    assert.equal(slashPath('src\\a.ts', posix), 'src\\a.ts');
  });

  it('slashSegments splits a result path at `/` only: joined under the root it names the same file', () => {
    assert.deepEqual(slashSegments('src/a\\b.ts'), ['src', 'a\\b.ts'], 'a backslash in a POSIX name');
    assert.deepEqual(slashSegments('a.ts'), ['a.ts']);
    const cases: [typeof win32, string, string][] = [
      [win32, 'C:\\repo', 'C:\\repo\\src\\a b\\c.ts'],
      [win32, '\\\\srv\\share\\w', '\\\\srv\\share\\w\\x\\y.ts'],
      [posix, '/repo', '/repo/src/a.ts'],
      [posix, '/repo', '/repo/src/a\\b.ts'],
      [posix, '/repo', '/repo/x\\y\\z/k\\.env'],
    ];
    for (const [p, root, file] of cases)
      assert.equal(p.join(root, ...slashSegments(resultPath(root, file, p))), file, `${file} (${p.sep})`);
  });

  it('resultPath gives what path.relative gives, for plain and unusual POSIX folders and files (its quick case included)', () => {
    const dirs = ['/', '/a', '/a/b', '/a/b/', '/a/./b', '/a/../b', '/a//b', 'rel', '/a/b/..', '/ab', '/a/b/.'];
    const files = [
      '/a/b/c.js',
      '/a/b',
      '/a/b/',
      '/a/bc/d',
      '/a/b/./c',
      '/a/b/../c',
      '/a/b//c',
      '/a/b/.env',
      '/a/b/..x',
    ];
    files.push('/a/b/.../y', '/x', '/', '/a/b/c/', '/ab/c', '/a/b/c/.', '/a/b/c/..', '/a/b/c\\d', 'a/b/c');
    for (const d of dirs)
      for (const f of files) assert.equal(resultPath(d, f, posix), posix.relative(d, f) || f, `${d} → ${f}`);
  });

  it('isWithin: case-insensitive on Windows, never across drives, and a name starting with ".." is inside', () => {
    assert.ok(isWithin('C:\\work', 'C:\\work', win32));
    assert.ok(isWithin('C:\\work', 'c:\\WORK\\src\\a.ts', win32));
    assert.ok(isWithin('C:\\', 'C:\\work\\a.ts', win32));
    assert.ok(isWithin('\\\\srv\\share\\w', '\\\\srv\\share\\w\\x', win32));
    assert.ok(!isWithin('C:\\work', 'C:\\work2\\a.ts', win32));
    assert.ok(!isWithin('C:\\work', 'C:\\', win32));
    assert.ok(!isWithin('C:\\work', 'D:\\work\\a.ts', win32));
    assert.ok(!isWithin('\\\\srv\\share\\w', '\\\\other\\share\\w\\x', win32));
    assert.ok(isWithin('C:\\work', 'C:\\work\\..cache\\a', win32));
    assert.ok(isWithin('/work', '/work/..cache/a', posix));
    assert.ok(!isWithin('/work', '/work/../etc', posix));
    assert.ok(!isWithin('/work', '/', posix));
  });

  it('underTop joins git\'s `/` paths under a top, once separated also at a drive\'s root or "/"', () => {
    assert.equal(underTop('C:\\repo', 'src/a b/c.ts', win32), 'C:\\repo\\src\\a b\\c.ts');
    assert.equal(underTop('C:\\', 'src/a.ts', win32), 'C:\\src\\a.ts');
    assert.equal(underTop('\\\\srv\\share\\repo', 'a.ts', win32), '\\\\srv\\share\\repo\\a.ts');
    assert.equal(underTop('/repo', 'src/a.ts', posix), '/repo/src/a.ts');
    assert.equal(underTop('/', 'a.ts', posix), '/a.ts');
    assert.equal(underTop('/repo', '', posix), '/repo/');
  });

  it('InsideRoot: folders whose real path is inside the root, on Windows paths with a stand-in realpath', () => {
    const links: Record<string, string> = {
      'C:\\Repo\\linked': 'D:\\elsewhere',
      'C:\\Repo\\alias': 'c:\\repo\\src',
      'C:\\Repo\\up': 'C:\\',
    };
    const inside = new InsideRoot('C:\\Repo', { path: win32, realpath: (p) => links[p] ?? p });
    assert.ok(inside.holds('C:\\Repo'));
    assert.ok(inside.holds('C:\\Repo\\src\\deep'));
    assert.ok(inside.holds('c:\\repo\\src'), 'case');
    assert.ok(inside.holds('C:\\Repo\\alias'), 'a link that stays inside');
    assert.ok(inside.holds('C:\\Repo\\..cache'));
    assert.ok(!inside.holds('C:\\Repo\\linked'), 'a link to another drive');
    assert.ok(!inside.holds('C:\\Repo\\up'), 'a link to the root above');
    assert.ok(!inside.holds('C:\\Repo2\\src'));
    const atRoot = new InsideRoot('C:\\', { path: win32, realpath: (p) => p });
    assert.ok(atRoot.holds('C:\\anything'));
    assert.ok(!atRoot.holds('D:\\anything'));
  });

  it('the scanner: result paths relative to the scan root, `/`-separated on every system, as rules read them', () => {
    assert.equal(resultPath('C:\\w', 'C:\\w\\web\\.env', win32), 'web/.env');
    assert.equal(resultPath('C:\\w', 'c:\\W\\web\\.env', win32), 'web/.env');
    assert.equal(resultPath('C:\\w\\app', 'C:\\w\\web\\.env', win32), '../web/.env');
    assert.equal(resultPath('C:\\w', 'D:\\x\\.env', win32), 'D:/x/.env', 'another drive: the path itself');
    assert.equal(resultPath('C:\\w\\.env', 'C:\\w\\.env', win32), 'C:/w/.env', 'the root itself');
    assert.equal(resultPath('/w', '/w/web/.env', posix), 'web/.env');
    assert.equal(resultPath('/w', '/w/a\\b.env', posix), 'a\\b.env', 'a backslash in a POSIX name');
    assert.equal(contextPath('web\\public\\.env'), 'web/public/.env');
    assert.equal(contextPath('../web/.env'), 'web/.env');
    for (const f of ['web/.env', 'D:/x/.env.local', 'C:/w/.env']) assert.ok(isEnvFile(contextPath(f)), f);
  });

  it('gitignore-relative paths: under the base, `/`-separated; the base itself and other drives have none', () => {
    assert.equal(ignoreRelativePath('C:\\repo', 'C:\\repo\\sub\\.env', win32), 'sub/.env');
    assert.equal(ignoreRelativePath('C:\\repo', 'c:\\REPO\\sub\\.env', win32), 'sub/.env');
    assert.equal(ignoreRelativePath('C:\\repo', 'C:\\repo', win32), undefined);
    assert.equal(ignoreRelativePath('C:\\repo', 'C:\\other\\.env', win32), undefined);
    assert.equal(ignoreRelativePath('C:\\repo', 'D:\\repo\\.env', win32), undefined);
    assert.equal(ignoreRelativePath('/repo', '/repo/..data/x', posix), '..data/x');
    assert.equal(ignoreRelativePath('/repo', '/repo/a\\b', posix), 'a\\b');
  });

  it('baseline paths are the same on every system; a POSIX name with a backslash keeps it', () => {
    assert.equal(baselinePath('C:\\repo', 'C:\\repo\\src\\keys.ts', win32), 'src/keys.ts');
    assert.equal(baselinePath('C:\\Repo', 'c:\\repo\\src\\keys.ts', win32), 'src/keys.ts');
    assert.equal(baselinePath('/repo', '/repo/src/keys.ts', posix), 'src/keys.ts');
    assert.equal(baselinePath('/repo', '/repo/a\\b.ts', posix), 'a\\b.ts');
    // The editor's workspace scan looks a scan's result path up in the baseline as it is.
    assert.equal(slashPath(resultPath('C:\\repo', 'C:\\repo\\src\\keys.ts', win32), win32), 'src/keys.ts');
    assert.equal(slashPath(resultPath('/repo', '/repo/a\\b.ts', posix), posix), 'a\\b.ts');
  });

  it('shownPath shows Windows paths as typed (backslashes not doubled), temp folders included', () => {
    for (const p of [
      'C:\\Users\\dev\\keys\\gr4vy.pem',
      'C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\payapi-e2e-ws-AbC123\\.env',
      '\\\\fileserver\\share\\team keys\\private_key.pem',
      'D:\\a\\payment-api-toolkit\\payment-api-toolkit\\test\\fixtures\\key.pem',
    ])
      assert.equal(shownPath(p), p);
  });
});

describe('SARIF locations from Windows paths', () => {
  it('relative paths become relative URIs against the scan root; absolute ones (another drive, UNC) file: URIs', () => {
    const root = { uriBaseId: '%SRCROOT%' };
    assert.deepEqual(artifactLocation('src\\my file#1.ts', win32), { uri: 'src/my%20file%231.ts', ...root });
    assert.deepEqual(artifactLocation('..\\shared\\.env', win32), { uri: '../shared/.env', ...root });
    assert.deepEqual(artifactLocation('D:\\keys\\gr4vy key.pem', win32), { uri: 'file:///D:/keys/gr4vy%20key.pem' });
    assert.deepEqual(artifactLocation('\\\\srv\\share\\a.env', win32), { uri: 'file://srv/share/a.env' });
    assert.deepEqual(artifactLocation('a\\b.ts', posix), { uri: 'a%5Cb.ts', ...root }, 'a backslash in a POSIX name');
    assert.deepEqual(artifactLocation('src/a.ts', posix), { uri: 'src/a.ts', ...root });
  });

  it('the same finding gets the same location and fingerprint from Windows and from Linux', () => {
    const finding = (p: string): LocatedFinding => ({
      path: p,
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 9,
      ruleId: 'helcim-api-token',
      severity: 'error',
      message: 'Helcim api-token',
      preview: '••••abcd',
    });
    const result = (log: object) => (log as { runs: { results: Record<string, unknown>[] }[] }).runs[0]?.results[0];
    // A path the scanner did not make (history, another tool's findings) in Windows form.
    const onWindows = result(toSarif([finding('config\\prod.env')], { path: win32 }));
    const onLinux = result(toSarif([finding('config/prod.env')], { path: posix }));
    assert.deepEqual(onWindows?.locations, onLinux?.locations);
    assert.deepEqual(onWindows?.partialFingerprints, onLinux?.partialFingerprints);
  });
});

describe('a folder named "..something" is inside its parent (it was taken for "../")', () => {
  it('findRepository finds the repository above it, up to the workspace folder', () => {
    const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-dots-')));
    try {
      fs.mkdirSync(path.join(top, '.git'));
      fs.writeFileSync(path.join(top, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      const sub = path.join(top, '..cache', 'deep');
      fs.mkdirSync(sub, { recursive: true });
      assert.equal(findRepository(sub, { ceiling: top })?.top, top);
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  });

  it('the .env fix may write into it: it does not lead outside the workspace folder', () => {
    assert.doesNotThrow(() =>
      checkWriteTarget({ path: '/w/..config/.env', kind: 'missing', folderReal: '/w', parentReal: '/w/..config' }),
    );
    assert.throws(
      () => checkWriteTarget({ path: '/w/../x/.env', kind: 'missing', folderReal: '/w', parentReal: '/x' }),
      /leads outside the workspace folder/,
    );
  });
});
