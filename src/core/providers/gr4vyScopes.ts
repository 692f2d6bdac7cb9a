/** Scopes the Gr4vy SDKs put in a token when none are given: read and write everything. */
export const GR4VY_DEFAULT_SCOPES: readonly string[] = ['*.read', '*.write'];

/** The scope of Embed tokens (sent to browsers). */
export const GR4VY_EMBED_SCOPE = 'embed';

/** Scopes Gr4vy documents, per resource; others are allowed with a warning elsewhere. */
export const GR4VY_RESOURCES = [
  'anti-fraud-services',
  'api-logs',
  'buyers',
  'buyers.billing-details',
  'card-scheme-definitions',
  'checkout-sessions',
  'connections',
  'digital-wallets',
  'flows',
  'payment-methods',
  'payment-method-definitions',
  'payment-options',
  'payment-service-definitions',
  'payment-services',
  'reports',
  'transactions',
] as const;
