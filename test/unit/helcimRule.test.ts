// The Helcim rules on every config format the scanner claims, with the kinds of Helcim "token"
// that are not credentials. Values are built at run time: nothing secret-shaped is committed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/core/scanner/scan';
import { helcimToken } from './fixtures';
import { rand } from './secretFixtures';

const HEX = '0123456789abcdef';
const T = helcimToken();
/** Shapes of Helcim values that are not credentials. */
const cardToken = rand(HEX, 24);
const checkoutToken = rand(HEX, 32);
const secretToken = rand(HEX, 40);

/** The findings of one rule in `text`, as the exact values they cover. */
function found(text: string, ruleId: string): string[] {
  return scan(text)
    .filter((f) => f.ruleId === ruleId)
    .map((f) => text.slice(f.start, f.end));
}

describe('Helcim api-token: found by name and context in every config format', () => {
  const formats: [string, string][] = [
    ['nested JSON (config/helcim.json)', `{"helcim": {"apiToken": "${T}"}}`],
    ['C# appsettings.json', `{\n  "Helcim": {\n    "ApiToken": "${T}",\n    "AccountId": "42"\n  }\n}`],
    ['Spring application.properties', `server.port=8080\nhelcim.api-token=${T}\n`],
    ['properties with a colon', `helcim.apiToken: ${T}\n`],
    ['nested YAML', `server:\n  port: 8080\nhelcim:\n  api_token: ${T}\n  account: 1\n`],
    ['nested YAML, quoted', `payments:\n  helcim:\n    apiToken: "${T}"\n`],
    ['TOML section', `[database]\nurl = "postgres://db"\n\n[helcim]\ntoken = "${T}"\n`],
    ['INI section', `[Helcim]\napi_token=${T}\n`],
    ['.env', `HELCIM_API_TOKEN=${T}\n`],
    ['.env, quoted', `HELCIM_API_TOKEN="${T}"\n`],
    ['shell export', `#!/bin/sh\nexport HELCIM_API_TOKEN=${T}\n`],
    ['XML element', `<config>\n  <HelcimApiToken>${T}</HelcimApiToken>\n</config>`],
    ['XML appSettings attribute', `<appSettings>\n  <add key="HelcimApiToken" value="${T}" />\n</appSettings>`],
    [
      'Jenkins credentials XML',
      `<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <id>HELCIM_API_TOKEN</id>\n  <secret>${T}</secret>\n</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>`,
    ],
    ['Docker Compose environment list', `services:\n  app:\n    environment:\n      - HELCIM_API_TOKEN=${T}\n`],
    ['Kubernetes env list', `env:\n  - name: HELCIM_API_TOKEN\n    value: "${T}"\n  - name: PORT\n    value: "8080"\n`],
    ['GitHub Actions env', `jobs:\n  test:\n    env:\n      HELCIM_API_TOKEN: ${T}\n`],
    ['Terraform variable', `variable "helcim_api_token" {\n  type    = string\n  default = "${T}"\n}\n`],
    ['Terraform tfvars', `helcim_api_token = "${T}"\n`],
    ['curl against the Helcim host', `curl -X GET https://api.helcim.com/v2/connection-test -H 'api-token: ${T}'`],
    ['.http file', `GET https://api.helcim.com/v2/connection-test\naccept: application/json\napi-token: ${T}\n`],
    ['PHP array', `<?php\nreturn [\n  'helcim' => [\n    'api_token' => '${T}',\n  ],\n];\n`],
    ['PHP define()', `<?php\ndefine('HELCIM_API_TOKEN', '${T}');\n`],
    ['PHP variable', `<?php\n$helcimApiToken = '${T}';\n`],
    ['JS object', `const config = { helcim: { apiToken: '${T}' } };`],
    ['Python settings', `HELCIM_TOKEN = "${T}"\n`],
    [
      "a connected-account webhook body (Helcim's partner webhook carries a live apiToken)",
      JSON.stringify({ type: 'connectedAccount', connectedAccountId: '3128', riskReview: 'APPROVED', apiToken: T }),
    ],
    [
      'fetch headers next to the host',
      `fetch('https://api.helcim.com/v2/payment/purchase', { headers: { 'api-token': '${T}' } })`,
    ],
  ];
  for (const [name, text] of formats) {
    it(name, () => assert.deepEqual(found(text, 'helcim-api-token'), [T], text));
  }
});

describe('Helcim values that are not the api-token are not errors', () => {
  const decoys: [string, string][] = [
    ['a test card token in .env.example', `HELCIM_TEST_CARD_TOKEN="${cardToken}"\n`],
    ['a card token in a response fixture', `{"helcim": {"cardToken": "${cardToken}", "cardType": "VI"}}`],
    ['a bank token', `helcim:\n  bankToken: ${cardToken}\n`],
    ['a HelcimPay.js checkoutToken', `// HelcimPay.js\nconst helcimPay = { checkoutToken: '${checkoutToken}' };`],
    ['a Helcim.js token', `HELCIM_JS_TOKEN=${checkoutToken}\n`],
    ['a customer code', `{"helcim": {"customerCode": "CST${rand('0123456789', 20)}"}}`],
    ['a transaction id', `{"helcim": {"transactionId": "${rand('0123456789', 22)}"}}`],
    ['a test card number', `HELCIM_TEST_CARD_NUMBER=${['4111', '1111', '1111', '1111'].join('')}\n`],
    ['an idempotency key', `helcim.post(url, { headers: { 'idempotency-key': '${rand(HEX, 25)}' } })`],
    [
      'an ActiveCampaign Api-Token',
      `// helcim sync\ncurl -H 'Api-Token: ${T}' https://acme.api-us1.com/api/3/contacts`,
    ],
    ['a generic token with no Helcim around it', `[github]\ntoken = "${T}"\n`],
    ['an apiToken of another service, no Helcim around it', `{"service": "acme", "apiToken": "${T}"}`],
    ['a readable test value', `// HelcimPay\nconst SECRET_TOKEN = 'hosted-provider-secret-741';`],
    ['a Helcim name in prose', `The helcim api token looks like ${T} in the docs`],
  ];
  for (const [name, text] of decoys) {
    it(name, () => {
      assert.deepEqual(found(text, 'helcim-api-token'), [], text);
      assert.deepEqual(found(text, 'helcim-pay-secret-token'), [], text);
    });
  }
});

describe('HelcimPay.js secretToken: its own rule, a warning', () => {
  const cases: [string, string][] = [
    ['in a JS object', `const helcimPay = { checkoutToken: '${checkoutToken}', secretToken: '${secretToken}' };`],
    ['in .env', `HELCIM_PAY_SECRET_TOKEN=${secretToken}\n`],
    ['in a PHP session fixture', `<?php\n$helcim = ['secretToken' => '${secretToken}'];\n`],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const f = scan(text).filter((x) => x.ruleId === 'helcim-pay-secret-token');
      assert.equal(f.length, 1, text);
      assert.equal(f[0]?.severity, 'warning');
      assert.match(f[0]?.message ?? '', /valid only for one checkout, but keep it server side/);
      assert.deepEqual(found(text, 'helcim-api-token'), []);
    });
  }
});
