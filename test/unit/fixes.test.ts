import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendEnv,
  envLookup,
  envNameFor,
  gitignoreCoversEnv,
  ignoreComment,
  quotedSpan,
} from '../../src/core/scanner/fixes';

describe('quick-fix helpers', () => {
  it('environment lookups per language', () => {
    assert.equal(envLookup('typescript', 'X'), 'process.env.X');
    assert.equal(envLookup('python', 'X'), 'os.environ["X"]');
    assert.equal(envLookup('php', 'X'), "getenv('X')");
    assert.equal(envLookup('ruby', 'X'), "ENV['X']");
    assert.equal(envLookup('go', 'X'), 'os.Getenv("X")');
    assert.equal(envLookup('java', 'X'), 'System.getenv("X")');
    assert.equal(envLookup('kotlin', 'X'), 'System.getenv("X")');
    assert.equal(envLookup('shellscript', 'X'), '$X');
    assert.equal(envLookup('json', 'X'), undefined);
    assert.equal(envNameFor('helcim-api-token'), 'HELCIM_API_TOKEN');
    assert.equal(envNameFor('stripe-secret-key'), 'STRIPE_SECRET_KEY');
  });
  it('ignore comments per language', () => {
    assert.equal(ignoreComment('typescript'), '// payapi-ignore');
    assert.equal(ignoreComment('python'), '# payapi-ignore');
    assert.equal(ignoreComment('sql'), '-- payapi-ignore');
    assert.equal(ignoreComment('html'), '<!-- payapi-ignore -->');
    assert.equal(ignoreComment('json'), undefined);
  });
  it('quoted spans, .env lines and .gitignore coverage', () => {
    assert.deepEqual(quotedSpan(`a = 'xyz';`, 5, 8), { start: 4, end: 9 });
    assert.equal(quotedSpan('a = xyz;', 4, 7), undefined);
    assert.equal(appendEnv('A=1', 'B', 'v'), 'A=1\nB=v\n');
    assert.equal(appendEnv('', 'B', 'a b#c'), 'B="a b#c"\n');
    assert.equal(appendEnv('A=1\n', 'K', '-----BEGIN\nx'), 'A=1\nK="-----BEGIN\\nx"\n');
    assert.ok(gitignoreCoversEnv('node_modules\n.env\n'));
    assert.ok(gitignoreCoversEnv('/.env'));
    assert.ok(!gitignoreCoversEnv('.env.example\n'));
    assert.ok(!gitignoreCoversEnv('.env\n!/.env\n'));
  });
});
