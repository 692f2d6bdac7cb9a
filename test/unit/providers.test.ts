import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Account } from '../../src/core/providers/accountTypes';
import { proxyFromEnv } from '../../src/core/http/request';
import { maskedCurl } from '../../src/core/providers/links';
import {
  PROVIDERS,
  maskedIdentity,
  providerForRule,
  providerOfAccount,
  providerOwningRule,
} from '../../src/core/providers/registry';
import { envNameFor } from '../../src/core/scanner/fixes';
import { ruleById } from '../../src/core/scanner/rules';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: { configuration: { properties: Record<string, unknown> } };
};

const helcim: Account = {
  id: 'h1',
  provider: 'helcim',
  label: 'Shop',
  scope: 'global',
  environment: 'sandbox',
  createdAt: '',
};
const gr4vy: Account = {
  id: 'g1',
  provider: 'gr4vy',
  label: 'Acme',
  scope: 'global',
  environment: 'production',
  createdAt: '',
  instanceId: 'acme',
  merchantAccountId: 'default',
  scopes: ['buyers.read'],
  kid: 'kid-abcdefgh1234',
  keyFormat: 'PKCS#8 PEM',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('provider registry', () => {
  it('each provider is complete, with unique ids and names, and its settings are contributed', () => {
    assert.equal(new Set(PROVIDERS.map((p) => p.id)).size, PROVIDERS.length);
    assert.equal(new Set(PROVIDERS.map((p) => p.displayName)).size, PROVIDERS.length);
    for (const p of PROVIDERS) {
      assert.ok(p.displayName && p.secretNoun && p.summary && p.envVar, p.id);
      assert.ok(
        pkg.contributes.configuration.properties[p.baseUrlSetting],
        `${p.baseUrlSetting} is not in package.json`,
      );
      for (const r of p.accountRuleIds) assert.ok(ruleById(r), `${p.id} names unknown rule ${r}`);
      if (p.secretRuleId) assert.equal(providerOwningRule(p.secretRuleId), p);
    }
  });

  it('display names are written once: no provider-name maps outside the provider modules', () => {
    for (const file of sourceFiles('src')) {
      if (file.includes(`providers${path.sep}`)) continue;
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /helcim:\s*'Helcim'|gr4vy:\s*'Gr4vy'/, `${file} keeps its own provider names`);
      assert.doesNotMatch(text, /\['\*\.read',\s*'\*\.write'\]/, `${file} writes the default scopes again`);
    }
  });

  it('quick fixes find their provider and environment variable through the registry', () => {
    assert.equal(providerForRule('helcim-api-token')?.id, 'helcim');
    assert.equal(providerForRule('private-key-pem')?.id, 'gr4vy');
    assert.equal(providerForRule('private-key-jwk')?.id, 'gr4vy');
    assert.equal(providerForRule('stripe-secret-key'), undefined);
    assert.equal(envNameFor('helcim-api-token'), 'HELCIM_API_TOKEN');
    assert.equal(envNameFor('private-key-pem'), 'PRIVATE_KEY');
    // One name for the page where a leaked credential is revoked: the rule's rotateUrl is the provider's dashboard.
    assert.equal(ruleById('helcim-api-token')?.rotateUrl, providerOfAccount(helcim).dashboard(helcim).url);
  });

  it('the masked curl command is built from the provider request: same URL and headers, no secret', () => {
    const h = maskedCurl(helcim, '••••••••abcd');
    assert.equal(
      h,
      "curl -sS 'https://api.helcim.com/v2/connection-test' -H 'accept: application/json' -H 'api-token: ••••••••abcd'",
    );
    const g = maskedCurl(gr4vy, '', 'http://127.0.0.1:9/');
    assert.match(g, /^curl -sS 'http:\/\/127\.0\.0\.1:9\/buyers\?limit=1' -H 'accept: application\/json'/);
    assert.match(g, /-H 'authorization: bearer <ES512 JWT, kid kid-abcdefgh1234, scopes \*\.read>'/);
    assert.match(g, /-H 'x-gr4vy-merchant-account-id: default'$/);
    assert.equal(
      maskedCurl(gr4vy, '').split("'")[1],
      'https://api.acme.gr4vy.app/buyers?limit=1',
      'production host without "sandbox."',
    );
  });

  it('identities shown in logs and the tree: the public kid, or the masked token', () => {
    assert.equal(maskedIdentity(gr4vy, undefined), 'kid kid-abcdefgh1234');
    assert.equal(maskedIdentity(helcim, `${'Z'.repeat(20)}wxyz`), 'api-token ••••••••wxyz');
    assert.equal(maskedIdentity(helcim, undefined), 'api-token missing');
  });
});

describe('proxy settings from the environment', () => {
  it('HTTPS_PROXY, HTTP_PROXY and ALL_PROXY by protocol; NO_PROXY as a list; none set: no proxy', () => {
    assert.equal(proxyFromEnv({}), undefined);
    assert.deepEqual(proxyFromEnv({ HTTP_PROXY: 'http://p:1', NO_PROXY: 'a,.b' }), {
      httpProxy: 'http://p:1',
      strictSSL: true,
      noProxy: ['a', '.b'],
    });
    const all = proxyFromEnv({ all_proxy: 'http://all:3', https_proxy: 'http://s:2' });
    assert.equal(all?.httpsProxy, 'http://s:2');
    assert.equal(all?.httpProxy, 'http://all:3');
  });
});
