// IDs of everything contributed in package.json. A unit test checks the two stay in step.

export const EXTENSION_ID = 'payment-api-toolkit.payment-api-toolkit';

export const Commands = {
  addAccount: 'paymentApi.addAccount',
  showLog: 'paymentApi.showLog',
} as const;

export const Views = {
  container: 'paymentApi',
  accounts: 'paymentApi.accounts',
} as const;

export const Settings = {
  section: 'paymentApi',
  httpTimeoutMs: 'paymentApi.http.timeoutMs',
} as const;

export const LOG_CHANNEL_NAME = 'Payment API Toolkit';
