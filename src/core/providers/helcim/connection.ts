import type { ConnectionResult } from '../accountTypes';
import { withoutTrailingSlashes } from '../../http/request';
import { TOOL_ID } from '../../version';
import { type ProviderAdvice, messagesOf, runConnectionTest } from '../outcome';
import type { ConnectionRequest, TestOptions } from '../types';

export const HELCIM_DEFAULT_BASE_URL = 'https://api.helcim.com';
export const HELCIM_TOKEN_PATH = 'All Tools > Integrations > API Access Configuration > (the configuration) > Actions';

export const HELCIM_ADVICE: ProviderAdvice = {
  name: 'Helcim',
  errorText: (body) =>
    body && typeof body === 'object'
      ? (messagesOf((body as Record<string, unknown>).errors) ?? messagesOf((body as Record<string, unknown>).message))
      : undefined,
  unauthorized: {
    message: 'Helcim received no api-token',
    advice:
      'The request reached Helcim without the api-token header: a proxy may be removing it. Test again without the ' +
      'proxy.',
  },
  forbidden: {
    message: 'Helcim rejected the api-token',
    advice:
      `The token is wrong, disabled, or a legacy token used on the V2 API. Replace it, or create a new one in ` +
      `Helcim (${HELCIM_TOKEN_PATH}).`,
  },
  notFound: 'The connection-test endpoint was not found: check the paymentApi.helcim.baseUrl setting.',
};

/** The connection-test request: URL and headers (the only place the token is put). */
export function helcimConnectionTest(token: string, baseUrl = HELCIM_DEFAULT_BASE_URL): ConnectionRequest {
  return {
    url: `${withoutTrailingSlashes(baseUrl)}/v2/connection-test`,
    headers: { accept: 'application/json', 'api-token': token, 'user-agent': TOOL_ID },
  };
}

/**
 * Tests a Helcim api-token with `GET /v2/connection-test`. Never throws for network or HTTP
 * failures: every outcome is a {@link ConnectionResult}.
 */
export async function testHelcim(token: string, opts: TestOptions = {}): Promise<ConnectionResult> {
  return runConnectionTest(HELCIM_ADVICE, helcimConnectionTest(token, opts.baseUrl), [token], opts);
}
