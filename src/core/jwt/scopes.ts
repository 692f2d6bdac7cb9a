import { type GR4VY_RESOURCES } from '../providers/gr4vyScopes';
import type { ScopeInfo } from '../../shared/protocol';

/** What each resource Gr4vy documents covers, for the inspector's scope table. */
const RESOURCE_DESCRIPTIONS: Record<(typeof GR4VY_RESOURCES)[number], string> = {
  'anti-fraud-services': 'anti-fraud service configurations',
  'api-logs': 'logs of API requests',
  buyers: 'buyers (customers)',
  'buyers.billing-details': "buyers' billing details",
  'card-scheme-definitions': 'card scheme definitions',
  'checkout-sessions': 'checkout sessions',
  connections: 'connections to payment services',
  'digital-wallets': 'digital wallet (Apple Pay, Google Pay) registrations',
  flows: 'Flow rules that route transactions',
  'payment-methods': 'stored payment methods',
  'payment-method-definitions': 'payment method definitions',
  'payment-options': 'payment options offered at checkout',
  'payment-service-definitions': 'payment service definitions',
  'payment-services': 'payment service configurations',
  reports: 'reports and their executions',
  transactions: 'transactions (payments, captures, refunds)',
};

/** Explains each scope: resource, access, whether Gr4vy documents it. */
export function describeScopes(scopes: unknown): ScopeInfo[] {
  if (!Array.isArray(scopes)) return [];
  return scopes.map((s): ScopeInfo => {
    const scope = String(s);
    if (scope === 'embed')
      return {
        scope,
        resource: 'embed',
        access: 'embed',
        known: true,
        description: 'everything Gr4vy Embed needs, limited to the pinned embed values',
      };
    const m = /^(.+)\.(read|write)$/.exec(scope);
    if (!m) return { scope, resource: scope, access: 'unknown', known: false, description: 'not a valid scope' };
    const [, resource = '', access] = m;
    const what =
      resource === '*' ? 'every resource' : RESOURCE_DESCRIPTIONS[resource as keyof typeof RESOURCE_DESCRIPTIONS];
    const verb = access === 'read' ? 'Read' : 'Create and change (not read)';
    return {
      scope,
      resource,
      access: access as 'read' | 'write',
      known: resource === '*' || what !== undefined,
      description: what ? `${verb} ${what}` : `${verb} "${resource}" (not in Gr4vy's documented list)`,
    };
  });
}
