// helcim-pay-secret-token-exposed: HelcimPay.js's secretToken sent to the browser, by a response in
// every server stack, by a handler's return value, as the whole initialize response, or used in
// browser code. And what correct integrations do, which must stay quiet.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanBytes } from '../../src/core/scanner/engine';
import { rescan, scan } from '../../src/core/scanner/scan';

const ID = 'helcim-pay-secret-token-exposed';
const INIT = 'https://api.helcim.com/v2/helcim-pay/initialize';
const FETCH = `const r = await fetch('${INIT}', { method: 'POST', headers: { 'api-token': token } });\n`;

/** What the rule finds in `text` at `path`, as the text of each finding's range. */
function found(text: string, path?: string): string[] {
  return scan(text, path === undefined ? {} : { file: { path } })
    .filter((f) => f.ruleId === ID)
    .map((f) => text.slice(f.start, f.end));
}

function message(text: string, path: string): string {
  return scan(text, { file: { path } }).find((f) => f.ruleId === ID)?.message ?? '';
}

describe('helcim-pay-secret-token-exposed: the secretToken in what a server sends', () => {
  it('Next.js app router: NextResponse.json with the secretToken, or the whole initialize response', () => {
    const keyed = `export async function POST() {\n  ${FETCH}  const data = await r.json();\n  return NextResponse.json({ checkoutToken: data.checkoutToken, secretToken: data.secretToken });\n}\n`;
    assert.deepEqual(found(keyed, 'app/api/helcim/route.ts'), ['secretToken']);
    assert.match(
      message(keyed, 'app/api/helcim/route.ts'),
      /secretToken to the browser \(Response\.json\).*checkoutToken/,
    );
    const whole = `export async function POST() {\n  ${FETCH}  const data = await r.json();\n  return NextResponse.json(data);\n}\n`;
    assert.deepEqual(found(whole, 'app/api/helcim/route.ts'), ['data']);
    assert.match(
      message(whole, 'app/api/helcim/route.ts'),
      /whole initialize response, secretToken included.*\{ checkoutToken \}/,
    );
    const inline = `export async function POST() {\n  ${FETCH}  return Response.json(await r.json(), { status: 200 });\n}\n`;
    assert.deepEqual(found(inline, 'app/api/pay+api.ts'), ['await r.json()']);
  });

  it('Next.js pages router and Express: res.status().json, res.send, axios response.data, spread, nested', () => {
    const pages = `export default async function handler(req, res) {\n  ${FETCH}  const data = await r.json();\n  res.status(200).json(data);\n}\n`;
    assert.deepEqual(found(pages, 'pages/api/helcim.ts'), ['data']);
    const axios =
      `router.post('/init', async (req, res) => {\n  const response = await axios.post('${INIT}', body, { headers });\n` +
      `  res.json(response.data);\n});\n`;
    assert.deepEqual(found(axios, 'routes/pay.js'), ['response.data']);
    const spread = `app.post('/i', async (req, res) => {\n  ${FETCH}  const data = await r.json();\n  res.send({ ...data, ok: true });\n});\n`;
    assert.deepEqual(found(spread, 'server.js'), ['data']);
    const nested = `app.post('/i', async (req, res) => {\n  ${FETCH}  const helcimData = await r.json();\n  return res.json({ success: true, checkout: helcimData });\n});\n`;
    assert.deepEqual(found(nested, 'server.ts'), ['helcimData']);
    const template = 'res.send(`<input name="t" value="${data.secretToken}">`)';
    assert.deepEqual(found(template, 'server.js'), ['secretToken']);
  });

  it("handlers' return values: Fastify, Nuxt, SvelteKit load and +server.ts, getServerSideProps, 'use server'", () => {
    const fastify = `app.post('/api/helcim/init', async (req, reply) => {\n  ${FETCH}  const data = await r.json();\n  if (data.checkoutToken) {\n    return { ok: true, checkoutToken: data.checkoutToken, secretToken: data.secretToken };\n  }\n});\n`;
    assert.deepEqual(found(fastify, 'src/routes/payments.ts'), ['secretToken']);
    const nuxt = `export default defineEventHandler(async (event) => {\n  const data = await $fetch('${INIT}', { method: 'POST' });\n  return data;\n});\n`;
    assert.deepEqual(found(nuxt, 'server/api/checkout.post.ts'), ['data']);
    assert.match(message(nuxt, 'server/api/checkout.post.ts'), /Nuxt event handler/);
    const load = `export const load: PageServerLoad = async ({ fetch }) => {\n  ${FETCH}  const d = await r.json();\n  return { checkoutToken: d.checkoutToken, secretToken: d.secretToken };\n};\n`;
    assert.deepEqual(found(load, 'src/routes/pay/+page.server.ts'), ['secretToken']);
    const actions = `export const actions = {\n  default: async () => {\n    ${FETCH}    const d = await r.json();\n    return { secretToken: d.secretToken };\n  },\n};\n`;
    assert.deepEqual(found(actions, 'src/routes/pay/+page.server.ts'), ['secretToken']);
    const endpoint = `export async function POST() {\n  ${FETCH}  return json(await r.json());\n}\n`;
    assert.deepEqual(found(endpoint, 'src/routes/api/pay/+server.ts'), ['await r.json()']);
    const gssp = `export async function getServerSideProps() {\n  ${FETCH}  const d = await r.json();\n  return { props: { checkoutToken: d.checkoutToken, secretToken: d.secretToken } };\n}\n`;
    assert.deepEqual(found(gssp, 'pages/pay.tsx'), ['secretToken']);
    const astro = `export const POST: APIRoute = async () => {\n  ${FETCH}  const d = await r.json();\n  return new Response(JSON.stringify({ checkoutToken: d.checkoutToken, secretToken: d.secretToken }));\n};\n`;
    assert.deepEqual(found(astro, 'src/pages/api/helcim.ts'), ['secretToken']);
    const action = `'use server';\nexport async function startCheckout() {\n  ${FETCH}  return await r.json();\n}\n`;
    assert.deepEqual(found(action, 'app/actions.ts'), ['await r.json()']);
  });

  it('Flask, FastAPI and Django', () => {
    const flask = `@app.route('/init', methods=['POST'])\ndef init():\n    r = requests.post('${INIT}', headers=h, json=b)\n    return jsonify(r.json())\n`;
    assert.deepEqual(found(flask, 'app.py'), ['r.json()']);
    const kwargs = `    data = r.json()\n    return jsonify(checkoutToken=data['checkoutToken'], secretToken=data['secretToken'])\n`;
    assert.deepEqual(found(kwargs, 'app.py'), ['secretToken']);
    const fastapi = `@router.post("/init")\nasync def init():\n    async with httpx.AsyncClient() as client:\n        r = await client.post("${INIT}", headers=h)\n    return r.json()\n`;
    assert.deepEqual(found(fastapi, 'api/pay.py'), ['r.json()']);
    const django = `def init(request):\n    data = requests.post(URL, headers=h).json()\n    return JsonResponse({"checkoutToken": data["checkoutToken"], "secretToken": data["secretToken"]})\n`;
    assert.deepEqual(found(django, 'shop/views.py'), ['secretToken']);
  });

  it('PHP, Laravel, WordPress, Go and Rails', () => {
    const php = `<?php\n$ch = curl_init('${INIT}');\n$response = curl_exec($ch);\n$data = json_decode($response, true);\necho json_encode($data);\n`;
    assert.deepEqual(found(php, 'api/init.php'), ['$data']);
    const laravel = `return response()->json(['checkoutToken' => $d['checkoutToken'], 'secretToken' => $d['secretToken']]);`;
    assert.deepEqual(found(laravel, 'app/Http/Controllers/PayController.php'), ['secretToken']);
    const wp = `$r = wp_remote_post('${INIT}', $args);\n$body = json_decode(wp_remote_retrieve_body($r), true);\nwp_send_json_success($body);\n`;
    assert.deepEqual(found(wp, 'includes/class-gateway.php'), ['$body']);
    const gin = `c.JSON(http.StatusOK, gin.H{"checkoutToken": res.CheckoutToken, "secretToken": res.SecretToken})`;
    assert.deepEqual(found(gin, 'handlers/pay.go'), ['secretToken']);
    const go =
      `req, _ := http.NewRequest("POST", "${INIT}", body)\nresp, err := client.Do(req)\nvar result InitResponse\n` +
      `json.NewDecoder(resp.Body).Decode(&result)\njson.NewEncoder(w).Encode(result)\n`;
    assert.deepEqual(found(go, 'main.go'), ['result']);
    const rails = `render json: { checkout_token: data['checkoutToken'], secret_token: data['secretToken'] }, status: :ok`;
    assert.deepEqual(found(rails, 'app/controllers/payments_controller.rb'), ['secret_token']);
  });
});

describe('helcim-pay-secret-token-exposed: more servers, and templates that print it into the page', () => {
  it('NestJS, tRPC, an inline server action, Koa, Laravel', () => {
    const nest =
      `@Controller('pay')\nexport class PayController {\n  @Post('init')\n  @HttpCode(200)\n  async init(@Body() b: Dto) {\n` +
      `    ${FETCH}    const data = await r.json();\n    return data;\n  }\n}\n`;
    assert.deepEqual(found(nest, 'src/pay/pay.controller.ts'), ['data']);
    assert.match(message(nest, 'src/pay/pay.controller.ts'), /NestJS route/);
    const trpc = `export const pay = router({\n  init: publicProcedure.mutation(async () => {\n    ${FETCH}    const d = await r.json();\n    return { checkoutToken: d.checkoutToken, secretToken: d.secretToken };\n  }),\n});\n`;
    assert.deepEqual(found(trpc, 'src/server/routers/pay.ts'), ['secretToken']);
    const inline = `export default function Page() {\n  async function start() {\n    'use server';\n    ${FETCH}    return await r.json();\n  }\n}\n`;
    assert.deepEqual(found(inline, 'app/pay/page.tsx'), ['await r.json()']);
    const koa = `router.post('/init', async (ctx) => {\n  ${FETCH}  ctx.body = await r.json();\n});\n`;
    assert.deepEqual(found(koa, 'server.js'), ['await r.json()']);
    const laravel = `<?php\n$response = Http::withHeaders(['api-token' => $t])->post('${INIT}', $body);\nreturn response()->json($response->json());\n`;
    assert.deepEqual(found(laravel, 'app/Http/Controllers/PayController.php'), ['$response->json()']);
  });

  it('a page template given the secretToken: Express res.render, Flask render_template, Django render', () => {
    const express = `app.get('/pay', async (req, res) => {\n  ${FETCH}  const d = await r.json();\n  res.render('pay', { checkoutToken: d.checkoutToken, secretToken: d.secretToken });\n});\n`;
    assert.deepEqual(found(express, 'server.js'), ['secretToken']);
    assert.match(message(express, 'server.js'), /Gives HelcimPay.js's secretToken to a page template \(res\.render\)/);
    const flask = `@app.route('/pay')\ndef pay():\n    d = requests.post(URL).json()\n    return render_template('pay.html', checkout_token=d['checkoutToken'], secret_token=d['secretToken'])\n`;
    assert.deepEqual(found(flask, 'app.py'), ['secret_token']);
    const django = `def pay(request):\n    d = requests.post(URL).json()\n    return render(request, 'pay.html', {'checkout_token': d['checkoutToken'], 'secret_token': d['secretToken']})\n`;
    assert.deepEqual(found(django, 'shop/views.py'), ['secret_token']);
    const kept = `app.get('/pay', (req, res) => {\n  req.session.secretToken = d.secretToken;\n  res.render('pay', { checkoutToken: d.checkoutToken });\n});\n`;
    assert.deepEqual(found(kept, 'server.js'), []);
  });

  it('templates that print it: Jinja/Django, EJS, PHP, Razor, Go, Astro; not a template that only sets it', () => {
    const cases: [string, string, string[]][] = [
      [
        'templates/pay.html',
        '<div>{{ checkout_token }}</div><input type="hidden" value="{{ secret_token }}">',
        ['secret_token'],
      ],
      [
        'views/pay.ejs',
        "<script>appendHelcimPayIframe('<%= checkoutToken %>')</script><p><%= data.secretToken %></p>",
        ['secretToken'],
      ],
      ['checkout.php', `<?php $d = helcim(); ?>\n<input value="<?= $d['secretToken'] ?>">`, ['secretToken']],
      ['Views/Pay.cshtml', '<p data-helcim="@Model.SecretToken"></p>', ['SecretToken']],
      ['web/pay.gohtml', '<p>{{ .CheckoutToken }} {{ .SecretToken }}</p>', ['SecretToken']],
      [
        'src/pages/pay.astro',
        `---\nconst d = await (await fetch('${INIT}')).json();\n---\n<p data-s={d.secretToken}>{d.checkoutToken}</p>`,
        ['secretToken'],
      ],
      ['templates/ok.html', '<div>{{ checkout_token }}</div>{% set s = secret_token %}', []],
      [
        'src/pages/ok.astro',
        `---\nconst d = await (await fetch('${INIT}')).json();\nawait kv.put(d.checkoutToken, d.secretToken);\n---\n<p>{d.checkoutToken}</p>`,
        [],
      ],
    ];
    for (const [path, text, want] of cases) assert.deepEqual(found(text, path), want, path);
    assert.match(
      message(cases[0]?.[1] ?? '', 'templates/pay.html'),
      /Prints HelcimPay.js's secretToken into the page \(a \.html template's output\)/,
    );
  });
});

describe('helcim-pay-secret-token-exposed: the secretToken in browser code', () => {
  it("Next.js 'use client', SvelteKit .svelte, Nuxt .vue, a PHP template's <script>, public/ JS", () => {
    const next = `'use client'\nconst { checkoutToken, secretToken } = await res.json();\nlocalStorage.setItem('secretToken', secretToken);\nappendHelcimPayIframe(checkoutToken);\n`;
    assert.deepEqual(found(next, 'app/pay/Pay.tsx'), ['secretToken', 'secretToken', 'secretToken']);
    assert.match(message(next, 'app/pay/Pay.tsx'), /in code that runs in the browser \('use client'\)/);
    const svelte = `<script>\n  let { data } = $props();\n  const s = data.secretToken;\n  appendHelcimPayIframe(data.checkoutToken);\n</script>`;
    assert.deepEqual(found(svelte, 'src/routes/pay/+page.svelte'), ['secretToken']);
    const vue = `<script setup>\nconst { secret_token } = await $fetch('/api/helcim')\n</script>`;
    assert.deepEqual(found(vue, 'pages/helcim.vue'), ['secret_token']);
    const php = `<?php $secretToken = $data['secretToken']; ?>\n<script>\n  var s = "<?= $secretToken ?>"; // HelcimPay\n</script>`;
    assert.deepEqual(found(php, 'checkout.php'), ['$secretToken']);
    assert.deepEqual(found('window.helcim = { secretToken: t }', 'public/js/pay.js'), ['secretToken']);
  });
});

describe('helcim-pay-secret-token-exposed: must not flag', () => {
  it('only the checkoutToken sent, the secretToken kept on the server (session, cache, database)', () => {
    const express = `app.post('/init', async (req, res) => {\n  ${FETCH}  const data = await r.json();\n  req.session.secretToken = data.secretToken;\n  res.json({ checkoutToken: data.checkoutToken });\n});\n`;
    assert.deepEqual(found(express, 'server.js'), []);
    const next = `export async function POST() {\n  ${FETCH}  const { checkoutToken, secretToken } = await r.json();\n  await cache.set(checkoutToken, secretToken);\n  return NextResponse.json({ checkoutToken });\n}\n`;
    assert.deepEqual(found(next, 'app/api/helcim/route.ts'), []);
    const svelte = `export async function load() {\n  ${FETCH}  const data = await r.json();\n  await supabaseAdmin.from('payments').insert({ checkoutToken: data.checkoutToken, secretToken: data.secretToken });\n  return { checkoutToken: data.checkoutToken };\n}\n`;
    assert.deepEqual(found(svelte, 'src/routes/pay/+page.server.ts'), []);
    const flask = `@app.post('/init')\ndef init():\n    data = requests.post(INIT, headers=h).json()\n    session['secret_token'] = data['secretToken']\n    return jsonify(checkoutToken=data['checkoutToken'])\n`;
    assert.deepEqual(found(flask, 'app.py'), []);
  });

  it('the hash validated on the server with the secretToken; its presence reported, not its value', () => {
    const text =
      `app.post('/validate', (req, res) => {\n  const secretToken = req.session.secretToken;\n` +
      `  const expected = createHash('sha256').update(JSON.stringify(req.body.data) + secretToken).digest('hex');\n` +
      `  res.json({ valid: expected === req.body.hash, checked: verify(req.body, secretToken), hasSecret: !!secretToken });\n});\n`;
    assert.deepEqual(found(text, 'server.js'), []);
  });

  it('the secretToken taken out before the rest is sent; another response sent whole', () => {
    const rest = `${FETCH}const data = await r.json();\nconst { secretToken, ...rest } = data;\nres.json(rest);\n`;
    assert.deepEqual(found(rest, 'server.js'), []);
    const deleted = `${FETCH}const data = await r.json();\ndelete data.secretToken;\nres.json(data);\n`;
    assert.deepEqual(found(deleted, 'server.js'), []);
    const other =
      `app.get('/tx/:id', async (req, res) => {\n  const t = await fetch('https://api.helcim.com/v2/card-transactions/' + req.params.id);\n` +
      `  res.json(await t.json());\n});\napp.post('/init', async (req, res) => {\n  ${FETCH}  res.json({ checkoutToken: (await r.json()).checkoutToken });\n});\n`;
    assert.deepEqual(found(other, 'server.js'), []);
    const stored =
      `app.post('/init', async (req, res) => {\n  ${FETCH}  res.json({ checkoutToken: (await r.json()).checkoutToken });\n});\n` +
      `app.get('/checkout/:id', async (req, res) => {\n  const checkout = await getCheckout(req.params.id);\n  res.json(checkout);\n});\n`;
    assert.deepEqual(found(stored, 'server.js'), []);
    const failed =
      `export async function POST() {\n  ${FETCH}  if (!r.ok) {\n    const errorData = await r.json();\n` +
      `    return NextResponse.json({ error: errorData }, { status: r.status });\n  }\n` +
      `  const body = await r.json();\n  return NextResponse.json({ details: body.errors });\n}\n`;
    assert.deepEqual(found(failed, 'app/api/helcim/route.ts'), []);
    const ownRoute = `const r = await fetch('/api/helcim-pay/initialize', { method: 'POST' });\nconst data = await r.json();\nres.json(data);\n`;
    assert.deepEqual(found(ownRoute, 'bff/server.js'), []);
  });

  it('helpers that return the response to their server caller, and browser code nothing places', () => {
    const helper = `export async function initCheckout(amount) {\n  ${FETCH}  const d = await r.json();\n  return { checkoutToken: d.checkoutToken, secretToken: d.secretToken };\n}\n`;
    assert.deepEqual(found(helper, 'lib/helcim.ts'), []);
    const py = `def init_checkout(amount):\n    r = requests.post(INIT, headers=h)\n    return r.json()\n`;
    assert.deepEqual(found(py, 'payments/helcim.py'), []);
    const component = `export default function Pay() {\n  const { checkoutToken, secretToken } = useHelcim();\n}\n`;
    assert.deepEqual(found(component, 'pages/checkout.tsx'), []);
    assert.deepEqual(found(component, 'src/App.jsx'), []);
  });

  it("a secretToken that is not HelcimPay.js's in browser code, comments, and reads of a response", () => {
    const telegram = `'use client'\nconst { secretToken } = await (await fetch('/api/bot')).json();\nsetBot({ secretToken });\n`;
    assert.deepEqual(found(telegram, 'app/bot/page.tsx'), []);
    const comment = `'use client'\n// the secretToken stays on the server (HelcimPay.js)\nappendHelcimPayIframe(checkoutToken);\n`;
    assert.deepEqual(found(comment, 'app/pay/page.tsx'), []);
    const read = `${FETCH}const data = await r.json();\nconst more = await response.json();\n`;
    assert.deepEqual(found(read, 'server.js'), []);
  });
});

describe('helcim-pay-secret-token-exposed through scanBytes', () => {
  it('a route handler sending the whole response: located, named, error', () => {
    const text = `export async function POST() {\n  ${FETCH}  const data = await r.json();\n  return NextResponse.json(data);\n}\n`;
    const f = scanBytes(Buffer.from(text), 'app/api/helcim/route.ts').filter((x) => x.ruleId === ID);
    assert.deepEqual(
      f.map((x) => [x.line, x.column, x.preview, x.severity]),
      [[4, 28, 'data', 'error']],
    );
  });
});

describe('both rules when the editor re-lints after an edit', () => {
  it('rescan gives what a full scan gives, before and after each edit', () => {
    const file = { path: 'app/api/helcim/route.ts' };
    const route = `export async function POST() {\n  ${FETCH}  const data = await r.json();\n  return NextResponse.json(data);\n}\n`;
    const client = `'use client'\nconst { secretToken } = await (await fetch('/api/helcim')).json(); // helcim\n`;
    let text = `${route}${'// padding\n'.repeat(300)}${route}`;
    let findings = scan(text, { file });
    const edits: [number, number, string][] = [
      [text.indexOf('return'), 0, '  '],
      [text.length - 10, 0, `\n${route}`],
      [10, 5, ''],
      [text.indexOf('padding'), 7, 'x'.repeat(50)],
    ];
    for (const [offset, removed, inserted] of edits) {
      text = text.slice(0, offset) + inserted + text.slice(offset + removed);
      findings = rescan(text, findings, [{ offset, removed, inserted: inserted.length }], { file });
      assert.deepEqual(findings, scan(text, { file }));
    }
    const page = { path: 'app/pay/page.tsx' };
    let ctext = client;
    let cfound = scan(ctext, { file: page });
    ctext = `${ctext}const again = secretToken;\n`;
    cfound = rescan(ctext, cfound, [{ offset: client.length, removed: 0, inserted: ctext.length - client.length }], {
      file: page,
    });
    assert.deepEqual(cfound, scan(ctext, { file: page }));
    assert.equal(cfound.length, 2);
  });
});
