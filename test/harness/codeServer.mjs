// The offline VS Code: code-server (VS Code's own server + web workbench, from npm) installed into a
// cache folder on first use, started on a free loopback port, driven by Debian's Chromium through
// playwright-core. Shared by the integration launcher, the end-to-end tests and `npm start`.
// See ../../../shared/TESTING.md for why and how.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.100.3';
export const CACHE_DIR =
  process.env.PAYAPI_CODE_SERVER_CACHE ||
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'payment-api-toolkit');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const log = (...a) => console.error('[code-server]', ...a);

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Path of the code-server binary, installing it into the cache folder on first use. */
export function ensureCodeServer() {
  const dir = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'code-server');
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker) && fs.existsSync(bin)) return bin;
  const major = process.versions.node.split('.')[0];
  if (major !== '20' && CODE_SERVER_VERSION.startsWith('4.100.')) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20 (this is Node ${process.versions.node})`);
  }
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is missing: apt-get install ripgrep');
  if (!which('krb5-config')) throw new Error('libkrb5-dev is missing: apt-get install libkrb5-dev');
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (once; ~2 min)`);
  fs.rmSync(dir, { recursive: true, force: true });
  const tmp = path.join(CACHE_DIR, 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(tmp, { recursive: true });
  // @vscode/ripgrep's post-install downloads rg from GitHub unless it finds a cached tarball in
  // $TMPDIR/vscode-ripgrep-cache-<version>/: seed that cache with Debian's rg.
  const seed = fs.mkdtempSync(path.join(tmp, 'rgseed-'));
  fs.copyFileSync(rg, path.join(seed, 'rg'));
  for (const v of ['1.15.9', '1.15.10', '1.15.11', '1.15.12', '1.15.13', '1.15.14']) {
    const c = path.join(tmp, `vscode-ripgrep-cache-${v}`);
    fs.mkdirSync(c, { recursive: true });
    execFileSync('tar', ['czf', path.join(c, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', seed, 'rg']);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"code-server-host","private":true}\n');
  const logFile = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}.install.log`);
  const fd = fs.openSync(logFile, 'w');
  try {
    execFileSync(
      'npm',
      [
        'install',
        '--unsafe-perm',
        '--foreground-scripts',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        `code-server@${CODE_SERVER_VERSION}`,
      ],
      {
        cwd: dir,
        stdio: ['ignore', fd, fd],
        // npm_config_yes: node-pty's post-install runs `npx node-gyp`, which npx cancels otherwise.
        env: { ...process.env, TMPDIR: tmp, npm_config_yes: 'true' },
      },
    );
  } catch {
    const tail = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => /error|ERR!/i.test(l))
      .slice(-25)
      .join('\n');
    throw new Error(`code-server install failed (log: ${logFile}):\n${tail}`);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  execFileSync(bin, ['--version'], { stdio: 'ignore' });
  fs.writeFileSync(marker, new Date().toISOString());
  return bin;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const USER_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

/** Restricted Mode: trust on, no prompt, and nothing trusted (the folder is never added to the trusted list). */
export const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.banner': 'never',
};

/**
 * Starts code-server on a free loopback port with throw-away data folders.
 * Returns { port, authority, tmp, env, stop() }; stop() kills the whole process group and removes tmp.
 */
export async function startCodeServer({
  bin,
  port: wanted,
  extraEnv = {},
  settings = {},
  verbose = !!process.env.HARNESS_VERBOSE,
  // false: Workspace Trust is on and the folder is never trusted (Restricted Mode).
  trusted = true,
} = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-vscode-'));
  const port = wanted ?? (await freePort());
  fs.writeFileSync(path.join(tmp, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  fs.mkdirSync(path.join(tmp, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(tmp, 'user-data', 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...(trusted ? {} : RESTRICTED_SETTINGS), ...settings }, null, 1),
  );
  const env = {
    ...process.env,
    ...extraEnv,
    TMPDIR: tmp,
    EXTENSIONS_GALLERY: '{}',
    VSCODE_OPTIONS: `${process.env.VSCODE_OPTIONS || ''} enable-smoke-test-driver`.trim(),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
  };
  const args = [
    '--config',
    path.join(tmp, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    path.join(tmp, 'user-data'),
    '--extensions-dir',
    path.join(tmp, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--log',
    'info',
  ];
  const server = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let exited = false;
  server.on('exit', () => {
    exited = true;
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`code-server did not start within 60 s:\n${output.slice(-2000)}`)),
      60_000,
    );
    const onData = (d) => {
      output += d.toString();
      if (verbose) process.stderr.write(`[server] ${d}`);
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (c, s) => {
      clearTimeout(timer);
      fs.rmSync(tmp, { recursive: true, force: true });
      reject(new Error(`code-server exited early (code=${c} signal=${s}):\n${output.slice(-2000)}`));
    });
  });
  const alive = () => {
    if (exited) return false;
    try {
      process.kill(-server.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + 5000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive()) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { port, authority: `127.0.0.1:${port}`, tmp, env, stop, output: () => output };
}

/** Workbench URL that opens `folder` with the extension under development (and optionally its tests). */
export function workbenchUrl({ authority, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['skipWelcome', 'true'],
  ];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headless Debian Chromium that can reach nothing but this machine's loopback. */
export async function launchChromium({ headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--mute-audio',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
  return browser;
}

/** Aborts every request of `context` that is not for this machine's loopback. */
export async function keepOnLoopback(context) {
  await context.route(
    (u) => /^(https?|wss?):$/.test(u.protocol) && !/^(127\.0\.0\.1|localhost)$/.test(u.hostname),
    (route) => route.abort('blockedbyclient'),
  );
}

// `node test/harness/codeServer.mjs install` pre-installs the cache (used by .ci/run and npm start).
if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'install') {
  console.log(ensureCodeServer());
}
