/** Scopes the Gr4vy SDKs put in a token when none are given: read and write everything. */
export const GR4VY_DEFAULT_SCOPES: readonly string[] = ['*.read', '*.write'];

/** The scope of Embed tokens (sent to browsers). */
export const GR4VY_EMBED_SCOPE = 'embed';

/**
 * Every resource the official SDKs' scope enum (`JWTScope` in @gr4vy/sdk) names, with what it
 * covers: the one list of Gr4vy resources here (a unit test compares it with the installed SDK's).
 * The docs list a subset; a resource outside this list gets a warning, never an error.
 */
export const GR4VY_RESOURCE_DESCRIPTIONS = {
  'anti-fraud-service-definitions': 'anti-fraud service definitions',
  'anti-fraud-services': 'anti-fraud service configurations',
  'api-key-pairs': 'API key pairs',
  'api-logs': 'logs of API requests',
  'apple-pay-certificates': 'Apple Pay certificates',
  'audit-logs': 'audit logs of dashboard and API changes',
  'bin-checker': 'card BIN look-ups',
  buyers: 'buyers (customers)',
  'buyers.billing-details': "buyers' billing details",
  'card-scheme-definitions': 'card scheme definitions',
  'checkout-sessions': 'checkout sessions',
  connections: 'connections to payment services',
  'digital-wallets': 'digital wallet (Apple Pay, Google Pay) registrations',
  flows: 'Flow rules that route transactions',
  'gift-card-service-definitions': 'gift card service definitions',
  'gift-card-services': 'gift card service configurations',
  'gift-cards': 'gift cards',
  'merchant-accounts': 'merchant accounts',
  'payment-links': 'payment links',
  'payment-methods': 'stored payment methods',
  'payment-method-definitions': 'payment method definitions',
  'payment-options': 'payment options offered at checkout',
  'payment-service-definitions': 'payment service definitions',
  'payment-services': 'payment service configurations',
  payouts: 'payouts',
  reports: 'reports and their executions',
  roles: 'roles of dashboard users',
  'three-ds-scenarios': '3-D Secure test scenarios',
  transactions: 'transactions (payments, captures, refunds)',
  'users.me': 'the calling user',
  'vault-forward': 'forwarding of vaulted card data',
  'vault-forward-authentications': 'vault forward authentications',
  'vault-forward-configs': 'vault forward configurations',
  'vault-forward-definitions': 'vault forward definitions',
  'webhook-subscriptions': 'webhook subscriptions',
} as const;

export type Gr4vyResource = keyof typeof GR4VY_RESOURCE_DESCRIPTIONS;

/** The resources, in the enum's order. */
export const GR4VY_RESOURCES = Object.keys(GR4VY_RESOURCE_DESCRIPTIONS) as Gr4vyResource[];
