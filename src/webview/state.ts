// What the page keeps across reloads (view choices only, never a token or key), read defensively:
// saved state from another version may have any shape.
import type { WebviewState } from '../shared/protocol';
import { vscode } from './api';

/** The saved state, with every field checked. */
export function readState(): WebviewState {
  const s = vscode.getState();
  if (typeof s !== 'object' || s === null) return {};
  const o = s as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const sign = typeof o.sign === 'object' && o.sign !== null ? (o.sign as Record<string, unknown>) : undefined;
  return {
    version: str(o.version),
    verifyAccountId: str(o.verifyAccountId),
    ignoreExpiry: o.ignoreExpiry === true,
    sign: sign
      ? {
          accountId: str(sign.accountId) ?? '',
          scopes: str(sign.scopes) ?? '',
          expiresIn: str(sign.expiresIn) ?? '30s',
          embed: str(sign.embed) ?? '',
          checkoutSessionId: str(sign.checkoutSessionId) ?? '',
        }
      : undefined,
  };
}
