import type { Inspection, TimeClaimInfo } from '../../shared/protocol';
import { type DecodedJwt, decodeJwt } from './decode';
import { type ExplainOptions, explainJwt, inDateRange } from './explain';
import { tokenProfileOf } from '../providers/registry';

/** Decodes and explains a token into what the inspector and the hover show. Throws on malformed input. */
export function inspectJwt(token: string, opts: ExplainOptions = {}): Inspection {
  return inspectDecoded(decodeJwt(token), opts);
}

/** Like {@link inspectJwt}, for a decoded token; the provider's rules apply when its claims are recognised. */
export function inspectDecoded(d: DecodedJwt, opts: ExplainOptions = {}): Inspection {
  const profile = tokenProfileOf(d);
  const times: TimeClaimInfo[] = [];
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const v = d.payload[claim];
    if (typeof v === 'number' && inDateRange(v)) times.push({ claim, seconds: v > 1e11 ? v / 1000 : v });
  }
  return {
    header: d.header,
    payload: d.payload,
    signatureBytes: d.signatureLength,
    notes: explainJwt(d, opts),
    scopes: profile ? profile.describeScopes(d.payload.scopes) : [],
    times,
    provider: profile?.name ?? null,
  };
}
