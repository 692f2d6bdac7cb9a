// secret-in-log: payment secrets written to a log or stdout, by framework and language, and what
// is left alone (logging that a secret is set, its length or last four, its name in a string).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewsOf, rng } from './fixtures';
import { scanBytes } from '../../src/core/scanner/engine';
import { CALL_WORD, logCallAt, nextCallWord } from '../../src/core/scanner/exposure/logCalls';
import type { Lang } from '../../src/core/scanner/exposure/logExpr';
import { secretNamed } from '../../src/core/scanner/exposure/names';
import { scan } from '../../src/core/scanner/scan';

const ID = 'secret-in-log';

/**
 * Fixtures that the rule flags are written with a `·` in their provider's name (`HEL·CIM_API_TOKEN`), so
 * that this file holds no log call a scan of the repository reports; it is taken out at run time.
 */
const fx = (s: string) => s.replaceAll('·', '');

/** The previews of `secret-in-log` findings in `text` (a fixture), as the file at `path`. */
function logged(text: string, path = 'index.ts'): string[] {
  return previewsOf(text, path, ID);
}

interface Case {
  path: string;
  flag: string;
  flags: string[];
  keep: string;
}

// One must-flag and one must-not-flag text per framework or language; `flags` are the previews expected.
const FRAMEWORKS: Record<string, Case> = {
  'Next.js app router': {
    path: 'app/api/checkout/route.ts',
    flag: "export async function POST() {\n  console.log('token', process.env.HEL·CIM_API_TOKEN);\n}",
    flags: ['process.env.HELCIM_API_TOKEN'],
    keep: "console.log('Helcim token set:', Boolean(process.env.HELCIM_API_TOKEN));",
  },
  'Next.js pages router': {
    path: 'pages/api/pay.ts',
    flag: 'export default function handler(req, res) {\n  console.log(`Str·ipe key ${process.env.STR·IPE_SECRET_KEY}`);\n}',
    flags: ['process.env.STRIPE_SECRET_KEY'],
    keep: "console.log('Stripe key …', process.env.STRIPE_SECRET_KEY?.slice(-4));",
  },
  Vite: {
    path: 'server/dev.ts',
    flag: "console.info('gr4·vy key', import.meta.env.GR4·VY_PRIVATE_KEY)",
    flags: ['import.meta.env.GR4VY_PRIVATE_KEY'],
    keep: 'console.info(import.meta.env.VITE_GR4VY_ID, import.meta.env.VITE_GR4VY_ENVIRONMENT)',
  },
  'Create React App': {
    path: 'src/setupProxy.js',
    flag: "module.exports = (app) => {\n  console.log('proxy with', process.env.HEL·CIM_API_TOKEN)\n}",
    flags: ['process.env.HELCIM_API_TOKEN'],
    keep: "console.log('checkout', process.env.REACT_APP_HELCIM_CHECKOUT_TOKEN)",
  },
  SvelteKit: {
    path: 'src/routes/api/pay/+server.ts',
    flag: "import { HELCIM_API_TOKEN } from '$env/static/private';\nconsole.log(HELCIM_API_TOKEN);\n",
    flags: ['HELCIM_API_TOKEN'],
    keep: "import { HELCIM_API_TOKEN } from '$env/static/private';\nconsole.log(HELCIM_API_TOKEN ? 'ok' : 'no');",
  },
  Nuxt: {
    path: 'server/api/pay.post.ts',
    flag: 'const config = useRuntimeConfig();\nconsole.debug(config.helcimApiToken);\n',
    flags: ['config.helcimApiToken'],
    keep: 'const config = useRuntimeConfig();\nconsole.debug(config.public.helcimCheckoutUrl, !!config.helcimApiToken);',
  },
  Expo: {
    path: 'app/api/pay+api.ts',
    flag: 'export async function POST() {\n  console.warn(process.env.STR·IPE_SECRET_KEY)\n}',
    flags: ['process.env.STRIPE_SECRET_KEY'],
    keep: 'console.warn(process.env.EXPO_PUBLIC_STRIPE_PUBLISHABLE_KEY)',
  },
  Express: {
    path: 'server.js',
    flag: "const key = loadKey();\nconst stripe = require('stripe')(key);\nlogger.info({ msg: 'stripe up', key });\n",
    flags: ['key'],
    keep: 'const key = process.env.STRIPE_SECRET_KEY;\nlogger.info({ stripeConfigured: !!key });\nconsole.log(`on ${port}`);',
  },
  Flask: {
    path: 'app.py',
    flag: 'app.logger.info("Hel·cim token: %s", os.environ["HEL·CIM_API_TOKEN"])',
    flags: ['os.environ["HELCIM_API_TOKEN"]'],
    keep: 'app.logger.info("Helcim token set: %s", "HELCIM_API_TOKEN" in os.environ)',
  },
  Django: {
    path: 'payments/views.py',
    flag: 'logger.debug(f"Stripe key {settings.STRIPE_SECRET_KEY}")',
    flags: ['settings.STRIPE_SECRET_KEY'],
    keep: 'logger.debug(f"Stripe key …{settings.STRIPE_SECRET_KEY[-4:]}")',
  },
  PHP: {
    path: 'public/pay.php',
    flag: '<?php\nerror_log("Helcim: " . getenv(\'HELCIM_API_TOKEN\'));',
    flags: ["getenv('HELCIM_API_TOKEN')"],
    keep: "<?php\nerror_log('Helcim token ' . (getenv('HELCIM_API_TOKEN') ? 'set' : 'missing'));",
  },
  Laravel: {
    path: 'app/Http/Controllers/PayController.php',
    flag: "Log::info('stripe', ['key' => config('services.stripe.secret')]);",
    flags: ["config('services.stripe.secret')"],
    keep: "Log::info('stripe key set', ['set' => filled(config('services.stripe.secret'))]);",
  },
  Go: {
    path: 'cmd/server/main.go',
    flag: 'log.Printf("hel·cim token %s", os.Getenv("HEL·CIM_API_TOKEN"))',
    flags: ['os.Getenv("HELCIM_API_TOKEN")'],
    keep: 'log.Printf("helcim token set: %t", os.Getenv("HELCIM_API_TOKEN") != "")',
  },
  Ruby: {
    path: 'app/controllers/payments_controller.rb',
    flag: 'Rails.logger.info "Stripe key: #{ENV[\'STRIPE_SECRET_KEY\']}"',
    flags: ["ENV['STRIPE_SECRET_KEY']"],
    keep: 'Rails.logger.info "Stripe key present: #{ENV[\'STRIPE_SECRET_KEY\'].present?}"',
  },
  Java: {
    path: 'src/main/java/Pay.java',
    flag: 'System.out.println("key " + System.getenv("STR·IPE_SECRET_KEY"));',
    flags: ['System.getenv("STRIPE_SECRET_KEY")'],
    keep: 'System.out.println("key set: " + (System.getenv("STRIPE_SECRET_KEY") != null));',
  },
  'GitHub Actions': {
    path: '.github/workflows/deploy.yml',
    flag: 'steps:\n  - run: echo "token is $HELCIM_API_TOKEN"\n',
    flags: ['$HELCIM_API_TOKEN'],
    keep: 'steps:\n  - run: echo "HELCIM_API_TOKEN=$HELCIM_API_TOKEN" >> .env\n  - run: echo "::add-mask::$HELCIM_API_TOKEN"\n',
  },
};

describe('secret-in-log by framework and language', () => {
  for (const [name, c] of Object.entries(FRAMEWORKS)) {
    it(`${name}: flags the secret, leaves the safe log alone`, () => {
      assert.deepEqual(logged(c.flag, c.path), c.flags.map(fx));
      assert.deepEqual(logged(c.keep, c.path), []);
    });
    it(`${name}: the same through scanBytes, with line and column`, () => {
      const found = scanBytes(Buffer.from(fx(c.flag)), c.path).filter((f) => f.ruleId === ID);
      assert.deepEqual(
        found.map((f) => f.preview),
        c.flags,
      );
      const line = fx(c.flag).split('\n')[(found[0]?.line ?? 1) - 1] ?? '';
      assert.equal(line.slice((found[0]?.column ?? 1) - 1).startsWith(c.flags[0] ?? '?'), true);
    });
  }
});

describe('secret-in-log: what is written', () => {
  const flagged: [string, string, string][] = [
    ['a.ts', "console.log('t: ' + config.hel·cim.apiToken)", 'config.hel·cim.apiToken'],
    ['a.ts', 'this.logger.error(`key ${this.config.gr4·vy.privateKey}`)', 'this.config.gr4·vy.privateKey'],
    ['a.ts', 'console.log({ hel·cimApiToken })', 'hel·cimApiToken'],
    ['a.ts', 'console.table([JSON.stringify(str·ipeSecretKey)])', 'str·ipeSecretKey'],
    ['a.ts', "console.log(hel·cimApiToken || 'none')", 'hel·cimApiToken'],
    ['a.ts', 'const apiToken = process.env.HEL·CIM_API_TOKEN;\nconsole.log(apiToken);', 'apiToken'],
    ['a.ts', "fetch(u, { headers: { 'api·-token': token } }); // hel·cim\nconsole.log(token)", 'token'],
    ['a.ts', 'process.stdout.write(hel·cimApiToken.trim())', 'hel·cimApiToken'],
    ['a.py', "print(os.getenv('GR4VY_PRIVATE_KEY'))", "os.getenv('GR4VY_PRIVATE_KEY')"],
    ['a.py', 'logging.warning("key %s" % str·ipe.api_key)', 'str·ipe.api_key'],
    ['a.py', 'print(f"{STR·IPE_SECRET_KEY=}")', 'STR·IPE_SECRET_KEY'],
    ['a.py', "keys = {\n  'secret_key': os.environ['STRIPE_SECRET_KEY'],\n}\nprint(keys)", 'keys'],
    ['a.php', '<?php echo "Token: $helcimApiToken";', '$helcimApiToken'],
    ['a.php', "<?php var_dump($_ENV['HELCIM_API_TOKEN']);", "$_ENV['HELCIM_API_TOKEN']"],
    ['a.php', "<?php $token = getenv('HEL·CIM_API_TOKEN');\necho $token;", '$token'],
    ['a.go', 'logger.Info("k", zap.String("key", os.Getenv("STR·IPE_SECRET_KEY")))', 'os.Getenv("STR·IPE_SECRET_KEY")'],
    ['a.go', 'fmt.Fprintf(os.Stderr, "%s", os.Getenv("STR·IPE_SECRET_KEY"))', 'os.Getenv("STR·IPE_SECRET_KEY")'],
    ['a.rb', "puts ENV['HELCIM_API_TOKEN']", "ENV['HELCIM_API_TOKEN']"],
    [
      'a.rb',
      'puts Rails.application.credentials.stripe[:secret_key]',
      'Rails.application.credentials.stripe[:secret_key]',
    ],
    ['A.kt', 'println("key $stripeSecretKey")', '$stripeSecretKey'],
  ];
  for (const [path, text, preview] of flagged) {
    it(`flags ${fx(text).replace(/\s+/g, ' ')}`, () => assert.deepEqual(logged(text, path), [fx(preview)]));
  }

  it('says which secret, and an environment read of a live one is an error', () => {
    const [env] = scan(fx('console.log(process.env.HEL·CIM_API_TOKEN)'), { file: { path: 'a.ts' } });
    assert.equal(env?.severity, 'error');
    assert.equal(
      env?.message,
      'Writes the Helcim api-token (HELCIM_API_TOKEN) to the log: logs are kept, shipped and shared. ' +
        'Log that it is set, or its last four characters.',
    );
    const [test] = scan(fx('console.log(process.env.STR·IPE_TEST_SECRET_KEY)'), { file: { path: 'a.ts' } });
    assert.equal(test?.severity, 'warning');
    const [bound] = scan(fx('const k = process.env.GR4·VY_PRIVATE_KEY;\nconsole.log(k)'), { file: { path: 'a.ts' } });
    assert.equal(bound?.severity, 'warning');
    assert.match(bound?.message ?? '', /^Writes the Gr4vy private key \(k, set from GR4VY_PRIVATE_KEY\)/);
  });
});

describe('secret-in-log: what is left alone', () => {
  const kept: [string, string][] = [
    ['a.ts', 'console.log(!!process.env.HELCIM_API_TOKEN, Boolean(helcimApiToken))'],
    ['a.ts', "console.log(helcimApiToken ? 'set' : 'missing', helcimApiToken != null, typeof helcimApiToken)"],
    ['a.ts', 'console.log(helcimApiToken && "set", helcimApiToken.length, process.env.HELCIM_API_TOKEN?.length)'],
    ['a.ts', 'console.log(helcimApiToken.slice(-4), helcimApiToken.substr(-4))'],
    ['a.ts', 'console.log(helcimApiToken.substring(helcimApiToken.length - 4), String(helcimApiToken).slice(-4))'],
    ['a.ts', 'console.log(mask(helcimApiToken), redact(stripeSecretKey), last4(gr4vyPrivateKey))'],
    ['a.ts', "console.log(sha256(helcimApiToken), crypto.createHash('sha256').update(stripeSecretKey).digest('hex'))"],
    ['a.ts', "console.log('HELCIM_API_TOKEN is not set'); console.error(`STRIPE_SECRET_KEY missing`)"],
    ['a.ts', 'console.log(checkoutToken, process.env.HELCIM_CHECKOUT_TOKEN, process.env.GR4VY_ID)'],
    ['a.ts', 'console.log(apiToken, token, secret) // a Helcim integration'],
    ['a.ts', 'console.log(hasStripeSecretKey, stripeSecretKeyLength, HELCIM_API_TOKEN_SET, paymentKey)'],
    ['a.ts', 'console.log(paymentIntent.client_secret, paymentIntentClientSecret)'],
    ['a.ts', '// console.log(process.env.STRIPE_SECRET_KEY)\n/* console.log(helcimApiToken) */'],
    ['a.ts', 'catalog.info(process.env.STRIPE_SECRET_KEY); dialog.error(helcimApiToken)'],
    ['a.ts', 'const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\nconsole.log(stripe)'],
    ['a.ts', "console.log({ helcimApiToken: 'redacted' })"],
    ['a.py', "print(bool(os.getenv('STRIPE_SECRET_KEY')), os.getenv('STRIPE_SECRET_KEY') is not None)"],
    ['a.py', "print('set' if os.getenv('STRIPE_SECRET_KEY') else 'missing', len(STRIPE_SECRET_KEY))"],
    ['a.py', "print(os.environ['STRIPE_SECRET_KEY'][-4:], file=sys.stderr)"],
    ['a.py', "print(os.environ['STRIPE_SECRET_KEY'], file=out)"],
    ['a.py', '# print(STRIPE_SECRET_KEY)'],
    ['a.php', "<?php error_log(isset($_ENV['HELCIM_API_TOKEN']) ? 'set' : 'missing');"],
    ['a.php', "<?php error_log(empty($helcimApiToken) ? 'missing' : 'set'); error_log(substr($helcimApiToken, -4));"],
    ['a.php', '<?php $s = print_r($helcimApiToken, true);'],
    ['a.go', 'fmt.Println(len(os.Getenv("STRIPE_SECRET_KEY")))\nfmt.Fprintf(w, "%s", os.Getenv("STRIPE_SECRET_KEY"))'],
    ['a.rb', "puts 'set' if ENV['HELCIM_API_TOKEN']\np ENV['HELCIM_API_TOKEN'].present?"],
    ['a.sh', 'echo "$HELCIM_API_TOKEN" | docker login --password-stdin\necho "${#HELCIM_API_TOKEN}"'],
  ];
  for (const [path, text] of kept) {
    it(`leaves ${text.replace(/\s+/g, ' ')}`, () => assert.deepEqual(logged(text, path), []));
  }

  it('does not run on git-ignored files (the .env a server reads)', () => {
    const text = fx('console.log(process.env.HEL·CIM_API_TOKEN)');
    assert.deepEqual(logged(text, 'scripts/debug.js'), ['process.env.HELCIM_API_TOKEN']);
    assert.deepEqual(
      scan(text, { file: { path: 'scripts/debug.js', ignored: true } }).filter((f) => f.ruleId === ID),
      [],
    );
  });

  it('names.ts: a "payment key" and a PaymentIntent client secret are not credentials; PAYMENT_API_KEY is', () => {
    assert.equal(secretNamed('paymentKey'), undefined);
    assert.equal(secretNamed('PAYMENT_INTENT_CLIENT_SECRET'), undefined);
    assert.equal(secretNamed('PAYMENT_API_KEY')?.what, 'API key');
    assert.equal(secretNamed('PAYSTACK_KEY')?.what, 'API key');
  });
});

describe("secret-in-log: HelcimPay.js's secretToken and the initialize response that holds it", () => {
  // An Express controller of the shape public integrations write: axios to initialize, the whole answer logged.
  const controller = (log: string) =>
    `const BASE = 'https://api.helcim.com/v2';\nasync function startCheckout(req, res) {\n` +
    `  const options = { method: 'POST', url: \`\${BASE}/helcim-pay/initi·alize\`, data: req.body };\n` +
    `  try {\n    const response = await axios.request(options);\n    ${log}\n` +
    `    store.set(req.body.id, { secretToken: response.data.secretToken });\n` +
    `    return res.json({ checkoutToken: response.data.checkoutToken });\n` +
    `  } catch (err) {\n    console.error('Helcim failed', err.response?.data);\n  }\n}\n`;
  const fetched = (after: string) =>
    `const r = await fetch(\`\${HELCIM}/helcim-pay/initi·alize\`, { method: 'POST', headers, body });\n${after}`;

  it('flags the whole response (or its data) logged in a file that calls initialize, and says why', () => {
    assert.deepEqual(logged(controller("console.log('Helcim:', JSON.stringify(response.data, null, 2));"), 'a.js'), [
      'response.data',
    ]);
    assert.deepEqual(logged(fetched('const data = await r.json();\nlogger.info({ data });'), 'a.ts'), ['data']);
    const py = 'r = requests.post(f"{API}/helcim-pay/initi·alize", json=body)\nprint(r.json())\nlog.info(r.text)\n';
    assert.deepEqual(logged(py, 'pay.py'), ['r.json()', 'r.text']);
    const [f] = scan(fx(fetched('const data = await r.json();\nconsole.log(data);')), { file: { path: 'a.ts' } });
    assert.match(
      f?.message ?? '',
      /^Writes HelcimPay.js's initialize response \(data\) to the log: it holds the secretToken/,
    );
  });

  it('flags a value named secretToken (HelcimPay.js makes it per checkout; it never belongs in a log)', () => {
    assert.deepEqual(logged("console.log('verify with', session.secret·Token)", 'a.js'), ['session.secretToken']);
    assert.deepEqual(logged('logger.info("token %s", data["secret·_token"])', 'a.py'), ['data["secret_token"]']);
    assert.deepEqual(logged('const s = payload.secret·Token;\nconsole.debug(s);', 'a.js'), ['s']);
  });

  it('leaves the checkoutToken, the status, a failed answer and another response; flags the whole one', () => {
    const whole = "\n    console.log('Helcim:', response.data);";
    for (const log of [
      "console.log('checkout', response.data.checkoutToken, response.status);",
      "console.log('secretToken received:', Boolean(response.data.secretToken));",
    ])
      assert.deepEqual(logged(controller(log + whole), 'a.js'), ['response.data'], log);
    const ok = '\nconst data = await r.json();\nconsole.log(data);';
    const before = [
      "if (!r.ok) {\n  const body = await r.text();\n  console.error('initialize failed', r.status, body);\n}",
      'const errorData = await r.json();\nconsole.error(errorData);',
      'if (r.status !== 200) {\n  const data = await r.json();\n  logger.warn({ data });\n}',
      'const v = await axios.get(`${HELCIM}/card-transactions`);\nconsole.log(v.data);',
      'console.log(process.env.SECRET_TOKEN);',
    ];
    for (const b of before) assert.deepEqual(logged(fetched(b + ok), 'a.ts'), ['data'], b);
    const py =
      'r = requests.post(INIT, json=b)  # helcim-pay/initi·alize\nif not r.ok:\n    print(r.json())\nprint(r.json())\n';
    assert.deepEqual(logged(py, 'a.py'), ['r.json()']);
  });
});

describe('log-call words (nextCallWord)', () => {
  /** The words at which logCallAt finds a call, walking every CALL_WORD match: what nextCallWord must keep. */
  function byCallWord(text: string, lang: Lang): string[] {
    const out: string[] = [];
    const re = new RegExp(CALL_WORD.source, 'g');
    for (let m = re.exec(text); m; m = re.exec(text))
      if (logCallAt(text, m.index, m.index + m[0].length, lang)) out.push(`${m.index}+${m[0].length}`);
    return out;
  }
  function byNextCallWord(text: string, lang: Lang, from = 0): string[] {
    const out: string[] = [];
    for (let w = nextCallWord(text, from, lang); w; w = nextCallWord(text, w.end, lang))
      if (logCallAt(text, w.start, w.end, lang)) out.push(`${w.start}+${w.end - w.start}`);
    return out;
  }
  const LANGS: Lang[] = ['js', 'java', 'py', 'php', 'go', 'rb', 'kt', 'sh'];

  it('finds every log call that walking every call word finds, in each language (generated code)', () => {
    const parts = ['.', '->', '::', '?.', ' ', '\t', ' '.repeat(8), ' '.repeat(9), 'log', 'info', 'warning', 'Println'];
    parts.push(
      'Infof',
      'e',
      'd',
      'console',
      'logger',
      'Log',
      'fmt',
      'System.out',
      '(',
      ')',
      'x',
      ',',
      ';',
      '\n',
      'echo',
    );
    parts.push('puts', 'print', '`', '#', '//', '$logger', 'this', 'error_log', 'def ', 'w');
    const r = rng(24);
    let calls = 0;
    for (let k = 0; k < 4000; k++) {
      const text = Array.from({ length: 4 + r.int(60) }, () => r.pick(parts)).join('');
      for (const lang of LANGS) {
        const want = byCallWord(text, lang);
        calls += want.length;
        assert.deepEqual(byNextCallWord(text, lang), want, `${lang}: ${JSON.stringify(text)}`);
        // From inside the text (a rescan's window, a call's end): the same calls from there on.
        const from = r.int(text.length + 1);
        const rest = want.filter((w) => Number(w.split('+')[0]) >= from);
        assert.deepEqual(byNextCallWord(text, lang, from), rest, `${lang} from ${from}: ${JSON.stringify(text)}`);
      }
    }
    assert.ok(calls > 500, `the generated code holds log calls (${calls})`);
  });

  it('finds a method call after 8 blanks, not after 9, and one whose word starts exactly where the walk resumes', () => {
    const eight = `logger.${' '.repeat(8)}info(x)`;
    assert.deepEqual(byNextCallWord(eight, 'js'), byCallWord(eight, 'js'));
    assert.equal(byNextCallWord(eight, 'js').length, 1);
    assert.deepEqual(byNextCallWord(`logger.${' '.repeat(9)}info(x)`, 'js'), []);
    const two = 'logger.info(a);logger.warn(b)';
    assert.deepEqual(nextCallWord(two, two.indexOf('warn'), 'js'), { start: two.indexOf('warn'), end: two.length - 3 });
    assert.equal(nextCallWord(two, two.indexOf('warn') + 1, 'js'), undefined);
  });
});
