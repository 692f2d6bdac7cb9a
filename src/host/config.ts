import * as vscode from 'vscode';
import type { LiveBaseUrls } from '../core/providers/liveness';
import type { ConnectionSettings } from '../core/accounts/connectionTest';
import { validateBaseUrl } from '../core/accounts/validate';
import { DEFAULT_TIMEOUT_MS, type ProxySettings, proxyFromEnv } from '../core/http/request';
import { PROVIDERS, liveProviders } from '../core/providers/registry';
import { Settings } from '../ids';
import type { ProviderId } from '../core/providers/accountTypes';
import type { TestOptions } from '../core/providers/types';

/**
 * A provider's base-URL setting as far as this workspace may set it: in a workspace that is not
 * trusted, only the user's own value. package.json lists the real providers' settings under
 * `restrictedConfigurations`, which makes VS Code do the same; this also covers a setting VS Code
 * does not know as restricted (a provider registered at run time, or one missed from that list).
 */
function baseUrlSetting(cfg: vscode.WorkspaceConfiguration, key: string): unknown {
  return vscode.workspace.isTrusted ? cfg.get<unknown>(key) : cfg.inspect<unknown>(key)?.globalValue;
}

/**
 * Reads the settings a connection test needs. Settings are user input: a malformed value is
 * reported (through `problems`) and replaced by the default, never thrown at the user mid-test.
 */
export function readConnectionSettings(): { settings: ConnectionSettings; problems: string[] } {
  const cfg = vscode.workspace.getConfiguration();
  const problems: string[] = [];
  const settings: ConnectionSettings = { timeoutMs: DEFAULT_TIMEOUT_MS, baseUrls: {} };

  const timeout = cfg.get<unknown>(Settings.httpTimeoutMs);
  if (typeof timeout === 'number' && Number.isInteger(timeout) && timeout >= 500 && timeout <= 120_000) {
    settings.timeoutMs = timeout;
  } else if (timeout !== undefined) {
    problems.push(`${Settings.httpTimeoutMs} must be a whole number from 500 to 120000; using ${DEFAULT_TIMEOUT_MS}.`);
  }

  for (const spec of PROVIDERS) {
    const v = baseUrlSetting(cfg, spec.baseUrlSetting);
    if (typeof v !== 'string' || v.trim() === '') continue;
    try {
      settings.baseUrls[spec.id] = validateBaseUrl(v, `The ${spec.displayName} base URL (${spec.baseUrlSetting})`);
    } catch (e) {
      problems.push(`${(e as Error).message}; using the default.`);
    }
  }

  const proxy = readProxy(cfg);
  if (proxy) settings.proxy = proxy;
  return { settings, problems };
}

/** Timeout, proxy and the provider's base URL from settings: what a request on behalf of an account uses. */
export function requestOptionsFor(provider: ProviderId): TestOptions {
  const { baseUrls, ...http } = readConnectionSettings().settings;
  const baseUrl = baseUrls[provider];
  return { ...http, ...(baseUrl ? { baseUrl } : {}) };
}

/** VS Code's own proxy settings, falling back to HTTPS_PROXY / HTTP_PROXY / NO_PROXY as VS Code itself does. */
function readProxy(cfg: vscode.WorkspaceConfiguration): ProxySettings | undefined {
  const configured = cfg.get<unknown>('http.proxy');
  const fromEnv = proxyFromEnv(process.env);
  const url = typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : undefined;
  if (!url && !fromEnv) return undefined;
  const strict = cfg.get<unknown>('http.proxyStrictSSL');
  const noProxy = cfg.get<unknown>('http.noProxy');
  return {
    ...(url ? { httpsProxy: url, httpProxy: url } : fromEnv),
    strictSSL: strict !== false,
    noProxy:
      Array.isArray(noProxy) && noProxy.length
        ? noProxy.filter((x): x is string => typeof x === 'string')
        : (fromEnv?.noProxy ?? []),
  };
}

/** What secret-leak linting reads from settings. */
export interface ScanSettings {
  enabled: boolean;
  skipIgnored: boolean;
  /** Characters of a file that are checked (paymentApi.scan.maxFileSizeKb × 1024). */
  maxChars: number;
}

export function readScanSettings(): ScanSettings {
  const c = vscode.workspace.getConfiguration();
  const kb = c.get<unknown>(Settings.scanMaxFileSizeKb);
  return {
    enabled: c.get<unknown>(Settings.scanEnabled) !== false,
    skipIgnored: c.get<unknown>(Settings.scanSkipGitIgnored) !== false,
    maxChars: (typeof kb === 'number' && kb > 0 ? kb : 5120) * 1024,
  };
}

/**
 * Where "Is it live?" calls, by provider id: each live provider's base URL setting (account
 * providers' and Stripe's). An invalid override is left out, so the provider's own host is used.
 */
export function readLiveBaseUrls(): LiveBaseUrls {
  const cfg = vscode.workspace.getConfiguration();
  const out: LiveBaseUrls = {};
  for (const p of liveProviders()) {
    const v = baseUrlSetting(cfg, p.baseUrlSetting);
    if (typeof v !== 'string' || v.trim() === '') continue;
    try {
      out[p.id] = validateBaseUrl(v, `The ${p.displayName} base URL (${p.baseUrlSetting})`);
    } catch {
      /* an invalid override is ignored: the default is used */
    }
  }
  return out;
}

/** paymentApi.jwt.maxLifetimeSeconds: tokens living longer get a warning (default 3600). */
export function readMaxLifetimeSeconds(): number {
  const v = vscode.workspace.getConfiguration().get<unknown>(Settings.jwtMaxLifetimeSeconds);
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 3600;
}

/** `a/{b,c}/d` → `a/b/d`, `a/c/d` (one level of braces, as files.exclude patterns use them). */
function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return (m[1] ?? '').split(',').flatMap((alt) => expandBraces(glob.replace(m[0], alt)));
}

/**
 * The `files.exclude` globs that are on for a folder (conditional `when` entries are left out), as
 * gitignore-style patterns for the workspace scan, plus `node_modules`, which it never scans.
 */
export function readFilesExclude(folder: vscode.Uri): string[] {
  const raw = vscode.workspace.getConfiguration('files', folder).get<unknown>('exclude');
  const globs =
    raw && typeof raw === 'object'
      ? Object.entries(raw)
          .filter(([, on]) => on === true)
          .map(([g]) => g)
      : [];
  return [...globs.flatMap(expandBraces), '**/node_modules'];
}

/**
 * The extra Host names the webhook receiver takes (a tunnel's), from the user's own settings only:
 * a workspace's value is ignored, so a repository cannot open the receiver to other names.
 */
export function readAllowedHosts(): string[] {
  const v = vscode.workspace.getConfiguration().inspect<unknown>(Settings.webhookAllowedHosts)?.globalValue;
  return Array.isArray(v) ? v.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [];
}
