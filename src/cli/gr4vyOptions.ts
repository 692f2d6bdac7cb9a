import { validateBaseUrl } from '../core/accounts/validate';
import { DEFAULT_TIMEOUT_MS, proxyFromEnv } from '../core/http/request';
import type { Gr4vyTarget } from '../core/providers/accountTypes';
import { readGr4vyTarget } from '../core/providers/gr4vy/cli';
import { readGr4vyKey } from '../core/providers/gr4vy/key';
import type { CliValues, TestOptions } from '../core/providers/types';
import { quotedValue } from '../core/text/quoted';
import { type CliIo, readKeyOption, usageError } from './io';

/** --timeout-ms: 100 to 600000 ms; the default otherwise. */
export function timeoutOf(v: unknown): number {
  if (v === undefined) return DEFAULT_TIMEOUT_MS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100 || n > 600_000) {
    const got = typeof v === 'string' ? quotedValue(v) : typeof v;
    usageError(`--timeout-ms must be a whole number of milliseconds from 100 to 600000 (got ${got})`);
  }
  return n;
}

/** Reads --instance, --environment, --key and --merchant-account-id; usage errors name what is missing. */
export function gr4vyTargetOf(values: CliValues, io: CliIo): Promise<Gr4vyTarget> {
  return readGr4vyTarget(values, (file) => readKeyOption(io, file, readGr4vyKey));
}

/** --base-url, --timeout-ms and the environment's proxy. */
export function requestOptionsOf(values: CliValues, io: CliIo): TestOptions {
  const baseUrl =
    values['base-url'] === undefined ? undefined : validateBaseUrl(String(values['base-url']), '--base-url');
  return { ...(baseUrl ? { baseUrl } : {}), timeoutMs: timeoutOf(values['timeout-ms']), proxy: proxyFromEnv(io.env) };
}
