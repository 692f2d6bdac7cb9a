import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/accounts/connectionTest';
import { validateBaseUrl } from '../core/accounts/validate';
import { DEFAULT_TIMEOUT_MS, type ProxySettings } from '../core/http/request';
import { Settings } from '../ids';

/**
 * Reads the settings a connection test needs. Settings are user input: a malformed value is
 * reported (through `problems`) and replaced by the default, never thrown at the user mid-test.
 */
export function readConnectionSettings(): { settings: ConnectionSettings; problems: string[] } {
  const cfg = vscode.workspace.getConfiguration();
  const problems: string[] = [];
  const settings: ConnectionSettings = { timeoutMs: DEFAULT_TIMEOUT_MS };

  const timeout = cfg.get<unknown>(Settings.httpTimeoutMs);
  if (typeof timeout === 'number' && Number.isInteger(timeout) && timeout >= 500 && timeout <= 120_000)
    settings.timeoutMs = timeout;
  else if (timeout !== undefined)
    problems.push(`${Settings.httpTimeoutMs} must be a whole number from 500 to 120000; using ${DEFAULT_TIMEOUT_MS}.`);

  for (const [key, field, what] of [
    [Settings.helcimBaseUrl, 'helcimBaseUrl', 'The Helcim base URL'],
    [Settings.gr4vyBaseUrl, 'gr4vyBaseUrl', 'The Gr4vy base URL'],
  ] as const) {
    const v = cfg.get<unknown>(key);
    if (typeof v !== 'string' || v.trim() === '') continue;
    try {
      settings[field] = validateBaseUrl(v, `${what} (${key})`);
    } catch (e) {
      problems.push(`${(e as Error).message}; using the default.`);
    }
  }

  const proxy = readProxy(cfg);
  if (proxy) settings.proxy = proxy;
  return { settings, problems };
}

/** VS Code's own proxy settings, falling back to HTTPS_PROXY as VS Code itself does. */
function readProxy(cfg: vscode.WorkspaceConfiguration): ProxySettings | undefined {
  const configured = cfg.get<unknown>('http.proxy');
  const url =
    typeof configured === 'string' && configured.trim() !== ''
      ? configured.trim()
      : (process.env.HTTPS_PROXY ?? process.env.https_proxy);
  if (!url) return undefined;
  const strict = cfg.get<unknown>('http.proxyStrictSSL');
  const noProxy = cfg.get<unknown>('http.noProxy');
  return {
    url,
    strictSSL: strict !== false,
    noProxy: Array.isArray(noProxy)
      ? noProxy.filter((x): x is string => typeof x === 'string')
      : (process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(','),
  };
}
