import { validateBaseUrl } from '../core/accounts/validate';
import { validateInstanceId, validateMerchantAccountId } from '../core/providers/gr4vy/fields';
import { DEFAULT_TIMEOUT_MS, proxyFromEnv } from '../core/http/request';
import { readSigningKey } from '../core/keys/privateKey';
import type { Gr4vyTarget } from '../core/providers/accountTypes';
import type { TestOptions } from '../core/providers/types';
import { quotedValue } from '../core/text/quoted';
import { type CliIo, readKeyOption, usageError } from './io';

/** The options every Gr4vy command takes: where the key signs for, and how requests are sent. */
export const GR4VY_TARGET_OPTIONS = {
  instance: { type: 'string' },
  environment: { type: 'string' },
  key: { type: 'string' },
  'merchant-account-id': { type: 'string' },
  'base-url': { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

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
export async function gr4vyTargetOf(
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<Gr4vyTarget> {
  if (values.instance === undefined) usageError('--instance ID is required (the <id> in api.<id>.gr4vy.app)');
  if (values.key === undefined) usageError('--key FILE is required (the private key file; - for standard input)');
  const environment = String(values.environment ?? 'sandbox');
  if (environment !== 'sandbox' && environment !== 'production') {
    usageError(`--environment must be sandbox or production (got ${quotedValue(environment)})`);
  }
  const key = await readKeyOption(io, String(values.key), readSigningKey);
  const merchantAccountId = validateMerchantAccountId(String(values['merchant-account-id'] ?? ''));
  return {
    key,
    instanceId: validateInstanceId(String(values.instance)),
    environment,
    ...(merchantAccountId ? { merchantAccountId } : {}),
  };
}

/** --base-url, --timeout-ms and the environment's proxy. */
export function requestOptionsOf(values: Record<string, string | boolean | undefined>, io: CliIo): TestOptions {
  const baseUrl =
    values['base-url'] === undefined ? undefined : validateBaseUrl(String(values['base-url']), '--base-url');
  return { ...(baseUrl ? { baseUrl } : {}), timeoutMs: timeoutOf(values['timeout-ms']), proxy: proxyFromEnv(io.env) };
}
