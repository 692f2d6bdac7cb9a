// Each credential kind in the everyday shapes other scanners' test suites plant secrets in (INI,
// JSON, XML, YAML, C#, Go, Java, Kotlin, PHP, Python, Makefile, logstash, a .env kept in a JSON
// string, a (name, value) call): every shape must be found. Values are built at run time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/core/scanner/scan';
import { helcimToken } from './fixtures';
import { rand, secrets } from './secretFixtures';

const SHAPES: Record<string, string> = {
  'INI, quoted': '{i}Token="{s}"',
  'INI, quoted, spaced': '{i}Token = "{s}"',
  'INI, unquoted': '{i}Token={s}',
  'INI, unquoted, spaced': '{i}Token = {s}',
  JSON: '{\n    "{i}_token": "{s}"\n}',
  'a .env kept in a JSON string': '{"config.ini": "{I}_TOKEN={s}\\nBACKUP_ENABLED=true"}',
  'XML element over three lines': '<{i}Token>\n    {s}\n</{i}Token>',
  'YAML, unquoted': '{i}_token: {s}',
  'YAML, single quotes': "{i}_token: '{s}'",
  'YAML, double quotes': '{i}_token: "{s}"',
  'YAML block scalar': '{i}_token: |\n  {s}\n',
  'C#': 'string {i}Token = "{s}";',
  'Go var with a type': 'var {i}Token string = "{s}"',
  'Go :=': '{i}Token := "{s}"',
  'Go raw string': '{i}Token := `{s}`',
  Java: 'String {i}Token = "{s}";',
  Kotlin: 'var {i}Token = "{s}"',
  'Kotlin with a type': 'val {i}Token: String = "{s}"',
  'PHP .=': '${i}Token .= "{s}"',
  'Python, single quotes': "{i}Token = '{s}'",
  'Python, double quotes': '{i}Token = "{s}"',
  'a (name, value) call': 'System.setProperty("{I}_TOKEN", "{s}")',
  logstash: '  "{i}Token" => "{s}"',
  'Makefile =': '{I}_TOKEN = "{s}"',
  'Makefile :=': '{I}_TOKEN := "{s}"',
  'Makefile ::=': '{I}_TOKEN ::= "{s}"',
  'Makefile :::=': '{I}_TOKEN :::= "{s}"',
};

const S = secrets();
const KINDS: [string, string, string][] = [
  ['helcim', helcimToken(), 'helcim-api-token'],
  ['stripe', S.stripeLive, 'stripe-secret-key'],
  ['square', S.squareAtp, 'square-access-token'],
  ['shopify', S.shopify, 'shopify-access-token'],
  ['flutterwave', S.flutterwave, 'flutterwave-secret-key'],
  ['gocardless', S.gocardless, 'gocardless-access-token'],
  ['plaid', S.plaid, 'plaid-access-token'],
  ['paystack', S.paystack, 'paystack-secret-key'],
  ['braintree', S.braintree, 'braintree-access-token'],
  ['flutterwaveEnc', ['FLWSECK', '_TEST', rand('0123456789abcdef', 12)].join(''), 'flutterwave-encryption-key'],
];

describe('every credential kind in every everyday shape', () => {
  for (const [id, secret, rule] of KINDS) {
    it(`${rule} (${Object.keys(SHAPES).length} shapes)`, () => {
      const missed = Object.entries(SHAPES)
        .map(
          ([shape, t]) =>
            [shape, t.replaceAll('{i}', id).replaceAll('{I}', id.toUpperCase()).replaceAll('{s}', secret)] as const,
        )
        .filter(([, text]) => !scan(text).some((f) => f.ruleId === rule))
        .map(([shape]) => shape);
      assert.deepEqual(missed, []);
    });
  }
});
