// browser-server-call on server templates: a payment secret a template prints into the page every visitor
// gets, by template language, and what is left alone (public values, a secret only tested or measured, a
// comment). A PHP page's echo is page output too (this rule's), not a log (secret-in-log keeps PHP code alone).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewsOf } from './fixtures';
import { scan } from '../../src/core/scanner/scan';

const ID = 'browser-server-call';
const LOG = 'secret-in-log';

/** Fixtures the rule flags have a `·` in their provider's name (`hel·cim_api_token`), taken out at run time. */
const fx = (s: string) => s.replaceAll('·', '');

/** The previews of the findings of `rule` in `text` (a fixture), as the file at `path`. */
function found(text: string, path: string, rule = ID): string[] {
  return previewsOf(text, path, rule);
}

interface Case {
  path: string;
  flag: string;
  flags: string[];
  keep: string;
}

// One must-flag and one must-not-flag page per template language; `flags` are the previews expected.
const TEMPLATES: Record<string, Case> = {
  Django: {
    path: 'payments/templates/payments/checkout.html',
    flag: '<p>Key: {{ settings.STR·IPE_SECRET_KEY }}</p>{{ settings.HEL·CIM_API_TOKEN|default:"" }}',
    flags: ['settings.STRIPE_SECRET_KEY', 'settings.HELCIM_API_TOKEN'],
    keep:
      '<script src="https://js.stripe.com/v3/"></script><p>{{ settings.STRIPE_PUBLISHABLE_KEY }}</p>\n' +
      '{% if settings.STRIPE_SECRET_KEY %}configured{% endif %} {# {{ settings.STRIPE_SECRET_KEY }} #}',
  },
  Jinja: {
    path: 'templates/checkout.jinja2',
    flag: '<script>\n  const token = "{{ hel·cim_api_token }}";\n</script>',
    flags: ['helcim_api_token'],
    keep: '{{ checkout_token }} {{ helcim_api_token|length }} {{ "set" if helcim_api_token else "missing" }}',
  },
  Flask: {
    path: 'app/templates/pay.html',
    flag: '<div data-key="{{ config[\'HEL·CIM_API_TOKEN\'] }}"></div>{{ config.GR4·VY_PRIVATE_KEY|safe }}',
    flags: ["config['HELCIM_API_TOKEN']", 'config.GR4VY_PRIVATE_KEY'],
    keep: '<div data-id="{{ config[\'GR4VY_ID\'] }}"></div>{{ checkout_token|tojson }} {{ config.GR4VY_ENVIRONMENT }}',
  },
  'EJS (Express)': {
    path: 'views/checkout.ejs',
    flag: '<input type="hidden" value="<%= hel·cimApiToken %>">\n<p><%- process.env.HEL·CIM_API_TOKEN %></p>',
    flags: ['helcimApiToken', 'process.env.HELCIM_API_TOKEN'],
    keep:
      "<script>appendHelcimPayIframe('<%= checkoutToken %>')</script>\n" +
      "<%= helcimApiToken ? 'configured' : 'missing' %> <%= process.env.STRIPE_PUBLISHABLE_KEY %>",
  },
  PHP: {
    path: 'public/checkout.php',
    flag:
      "<?php require __DIR__ . '/init.php'; ?>\n<input value=\"<?= getenv('HEL·CIM_API_TOKEN') ?>\">\n" +
      '<p><?php echo $hel·cimApiToken; ?></p><p><?= htmlspecialchars($str·ipeSecretKey) ?></p>',
    flags: ["getenv('HELCIM_API_TOKEN')", '$helcimApiToken', '$stripeSecretKey'],
    keep:
      "<?php $checkoutToken = start_checkout(); ?>\n<script>appendHelcimPayIframe('<?= $checkoutToken ?>')</script>\n" +
      "<p><?php echo isset($helcimApiToken) ? 'set' : 'missing'; ?></p>",
  },
  Blade: {
    path: 'resources/views/checkout.blade.php',
    flag:
      "<p>{{ config('services.hel·cim.token') }}</p>\n" +
      "<script>const key = @json(config('services.str·ipe.secret'));</script>",
    flags: ["config('services.helcim.token')", "config('services.stripe.secret')"],
    keep:
      "<script>const pk = @json(config('services.stripe.key'));</script> {{ $checkoutToken }}\n" +
      "{{-- {{ config('services.helcim.token') }} --}}",
  },
  Razor: {
    path: 'Views/Checkout/Index.cshtml',
    flag: '<p>@Model.Hel·cimApiToken</p>\n<p>@Configuration["Str·ipe:SecretKey"]</p>',
    flags: ['Model.HelcimApiToken', 'Configuration["Stripe:SecretKey"]'],
    keep:
      '<script>appendHelcimPayIframe("@Model.CheckoutToken")</script>\n<p>@Model.Gr4vyId</p>\n' +
      '<a href="mailto:pay@Model.HelcimApiToken">x</a>',
  },
  'Go and Handlebars': {
    path: 'web/checkout.gohtml',
    flag: '<p>{{ .Str·ipeSecretKey }}</p>',
    flags: ['StripeSecretKey'],
    keep: '{{ if .StripeSecretKey }}ready{{ end }} {{ .StripePublishableKey }}',
  },
};

describe('browser-server-call: a server template prints a payment secret into the page', () => {
  for (const [name, c] of Object.entries(TEMPLATES)) {
    it(`${name}: flags the printed secret, leaves public values and tests alone`, () => {
      assert.deepEqual(found(c.flag, c.path), c.flags.map(fx));
      assert.deepEqual(found(c.keep, c.path), []);
      // Nothing of it is a log.
      assert.deepEqual(found(c.flag, c.path, LOG), []);
    });
  }

  it('says the template puts it in the HTML every visitor gets', () => {
    const [f] = scan(fx('<p>{{ hel·cim_api_token }}</p>'), { file: { path: 'templates/pay.html' } });
    assert.equal(f?.ruleId, ID);
    assert.equal(f?.severity, 'error');
    assert.match(
      f?.message ?? '',
      /^Prints the Helcim api-token \(helcim_api_token\) into the page \(a \.html template's output\): the template puts it in the HTML every visitor gets\./,
    );
  });

  it('Handlebars triple braces print as they are; a block helper only tests', () => {
    assert.deepEqual(found('{{{ str·ipeSecretKey }}}{{#if stripeSecretKey}}ok{{/if}}', 'views/pay.hbs'), [
      'stripeSecretKey',
    ]);
  });

  it("HelcimPay.js's secretToken printed stays its own rule's (helcim-pay-secret-token-exposed)", () => {
    const text = '<p>{{ checkout_token }}</p><input value="{{ secret_token }}"><p>{{ hel·cim_api_token }}</p>';
    const ids = scan(fx(text), { file: { path: 'templates/pay.html' } }).map((f) => f.ruleId);
    assert.deepEqual(ids, ['helcim-pay-secret-token-exposed', ID]);
  });
});

describe('PHP echo: page output in a page, a log in PHP code alone', () => {
  const block =
    '<?php\n  $token = getenv("HEL·CIM_API_TOKEN");\n  echo "<script>var t = \'$token\';</script>";\n' +
    '  error_log("token " . $token);\n?>\n';

  it('with HTML outside its PHP blocks, echo prints into the page and error_log logs; in PHP alone both log', () => {
    const text = `<html><body>\n${block}</body></html>`;
    assert.deepEqual(found(text, 'checkout.php'), ['$token']);
    assert.deepEqual(found(text, 'checkout.php', LOG), ['$token']);
    const [page, log] = scan(fx(text), { file: { path: 'checkout.php' } });
    assert.equal(
      fx(text)
        .slice(page?.start, (page?.end ?? 0) + 40)
        .startsWith("$token';</script>"),
      true,
    );
    assert.match(page?.message ?? '', /into the page \(a PHP page's output\)/);
    assert.match(log?.message ?? '', /to the log/);
    // The same code in a file of PHP alone (a script, a class) writes to stdout, as before.
    const script = `#!/usr/bin/env php\n${block}`;
    assert.deepEqual(found(script, 'bin/check.php'), []);
    assert.deepEqual(found(script, 'bin/check.php', LOG), ['$token', '$token']);
  });

  it('a .phtml or .blade.php view is a page whatever it holds', () => {
    for (const path of ['view/pay.phtml', 'resources/views/pay.blade.php']) {
      const text = '<?php echo $hel·cimApiToken; print($str·ipeSecretKey);';
      assert.deepEqual(found(text, path), ['$helcimApiToken', '$stripeSecretKey'], path);
      assert.deepEqual(found(text, path, LOG), [], path);
    }
  });
});
