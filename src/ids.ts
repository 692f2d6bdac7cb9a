// IDs of everything contributed in package.json. A unit test checks the two stay in step.

export const EXTENSION_ID = 'payment-api-toolkit.payment-api-toolkit';

export const Commands = {
  addAccount: 'paymentApi.addAccount',
  testConnection: 'paymentApi.testConnection',
  testAllConnections: 'paymentApi.testAllConnections',
  refreshAccounts: 'paymentApi.refreshAccounts',
  renameAccount: 'paymentApi.renameAccount',
  replaceSecret: 'paymentApi.replaceSecret',
  copyMaskedSecret: 'paymentApi.copyMaskedSecret',
  copyCurlCommand: 'paymentApi.copyCurlCommand',
  openDashboard: 'paymentApi.openDashboard',
  removeAccount: 'paymentApi.removeAccount',
  selectActiveAccount: 'paymentApi.selectActiveAccount',
  showLog: 'paymentApi.showLog',
  openInspector: 'paymentApi.openInspector',
  inspectJwtAtCursor: 'paymentApi.inspectJwtAtCursor',
  scanWorkspace: 'paymentApi.scanWorkspace',
  createEmbedToken: 'paymentApi.createEmbedToken',
  mapEnvVariable: 'paymentApi.mapEnvVariable',
  changeEnvMapping: 'paymentApi.changeEnvMapping',
  removeEnvMapping: 'paymentApi.removeEnvMapping',
  disableSecretInjection: 'paymentApi.disableSecretInjection',
  enableSecretInjection: 'paymentApi.enableSecretInjection',
  secretInjectionMenu: 'paymentApi.secretInjectionMenu',
  openWebhookInspector: 'paymentApi.openWebhookInspector',
  setWebhookSecret: 'paymentApi.setWebhookSecret',
  removeWebhookSecret: 'paymentApi.removeWebhookSecret',
  startWebhookReceiver: 'paymentApi.startWebhookReceiver',
  stopWebhookReceiver: 'paymentApi.stopWebhookReceiver',
  sendTestWebhook: 'paymentApi.sendTestWebhook',
  replayDelivery: 'paymentApi.replayDelivery',
  showDelivery: 'paymentApi.showDelivery',
  clearDeliveries: 'paymentApi.clearDeliveries',
  sendRequest: 'paymentApi.sendRequest',
  showRequestResponse: 'paymentApi.showRequestResponse',
  resendRequest: 'paymentApi.resendRequest',
  copyRequestAsCurl: 'paymentApi.copyRequestAsCurl',
  clearRequests: 'paymentApi.clearRequests',
  getStarted: 'paymentApi.getStarted',
  /** Run by a quick fix; not in the palette, so not contributed. */
  internalFixWithEnv: 'paymentApi.internal.fixSecretWithEnv',
  internalMoveToAccount: 'paymentApi.internal.moveSecretToAccount',
  internalAcceptFinding: 'paymentApi.internal.acceptFinding',
  internalCheckLive: 'paymentApi.internal.checkSecretLive',
  internalRespondToLeak: 'paymentApi.internal.respondToLeak',
  internalUseEnvFromAccount: 'paymentApi.internal.useEnvFromAccount',
  /** Run by a "Not sendable" CodeLens: says why. */
  internalExplainRequest: 'paymentApi.internal.explainRequest',
} as const;

/** Walkthroughs (`contributes.walkthroughs`); VS Code knows each as `<EXTENSION_ID>#<id>`. */
export const Walkthroughs = {
  getStarted: 'getStarted',
} as const;

export const Views = {
  container: 'paymentApi',
  accounts: 'paymentApi.accounts',
  webhookDeliveries: 'paymentApi.webhookDeliveries',
  requests: 'paymentApi.requests',
} as const;

export const Settings = {
  section: 'paymentApi',
  httpTimeoutMs: 'paymentApi.http.timeoutMs',
  helcimBaseUrl: 'paymentApi.helcim.baseUrl',
  gr4vyBaseUrl: 'paymentApi.gr4vy.baseUrl',
  stripeBaseUrl: 'paymentApi.stripe.baseUrl',
  webhookReceiverPort: 'paymentApi.webhooks.receiverPort',
  webhookAllowedHosts: 'paymentApi.webhooks.allowedHosts',
  jwtMaxLifetimeSeconds: 'paymentApi.jwt.maxLifetimeSeconds',
  scanEnabled: 'paymentApi.scan.enabled',
  scanSkipGitIgnored: 'paymentApi.scan.skipGitIgnoredFiles',
  scanMaxFileSizeKb: 'paymentApi.scan.maxFileSizeKb',
  requestsCodeLens: 'paymentApi.requests.codeLens',
} as const;

/** Context keys set with `setContext`, used in package.json `when` clauses. */
export const ContextKeys = {
  hasAccounts: 'paymentApi.hasAccounts',
} as const;

export const LOG_CHANNEL_NAME = 'Payment API Toolkit';

/** URI scheme of tree items, so a FileDecorationProvider can mark production accounts. */
export const ACCOUNT_URI_SCHEME = 'payment-api-account';

/** URI scheme of the read-only response views of requests sent from `.http` files. */
export const RESPONSE_URI_SCHEME = 'payapi-response';
