// What people read about HelcimPay.js checkouts, in the CLI, the Webhook Inspector and its page.
// Plain strings with no imports: the Webhook Inspector page (a browser bundle) imports them too.

/** The product whose checkout responses carry a hash: HelcimPay.js. */
export const HELCIMPAY = 'HelcimPay.js';

const SYNOPSIS = 'payapi helcimpay verify --secret-token-env VAR [--response FILE] [--format text|json]';

/** `payapi helcimpay --help`. */
export const HELCIMPAY_USAGE = `Usage: ${SYNOPSIS}
  Verifies a HelcimPay.js success message, {"data": {…}, "hash": "…"} (or the event wrapping it), from
  FILE or standard input: hash = sha256(json_encode(data) . secretToken), with PHP's json_encode.
  Says which encoding matched, or why none did. The secretToken is the one POST
  /v2/helcim-pay/initialize returned for this checkout, in the environment variable named.
Exit codes: 0 verified, 1 not verified, 2 usage or I/O error.`;

/** The one-line summary of `payapi helcimpay`. */
export const HELCIMPAY_SUMMARY = 'verify a HelcimPay.js response hash (PHP json_encode aware)';

/** The input box that asks for a checkout's secretToken (used once, not kept). */
export const HELCIMPAY_SECRET_TOKEN_INPUT = {
  title: 'HelcimPay.js secretToken',
  prompt:
    'The secretToken that POST /v2/helcim-pay/initialize returned for this checkout. It is used for this check ' +
    'only and not kept.',
} as const;

/** The Webhook Inspector's choice for a checkout response. */
export const HELCIMPAY_RESPONSE_CHOICE = 'HelcimPay.js response (data and hash)';
