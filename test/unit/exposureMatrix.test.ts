// The framework matrix of the exposure rules (issue 22): for each rule, must-flag and must-not-flag
// cases named by their stack, where the rule's own tests left a cell empty. Server code that does
// the job correctly must stay quiet for every exposure rule, not only the one a row is about.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/scanner/rules';
import { scan } from '../../src/core/scanner/scan';
import { secrets } from './secretFixtures';

const S = secrets();
const EXPOSURE = new Set(RULES.filter((r) => r.kind === 'exposure').map((r) => r.id));
const INIT = 'https://api.helcim.com/v2/helcim-pay/initialize';
const FETCH = `const r = await fetch('${INIT}', { method: 'POST', headers: { 'api-token': process.env.HELCIM_API_TOKEN } });\n`;

/** The exposure findings in `text` at `path` (git-ignored when `ignored`), as `rule: text`. */
function found(text: string, path: string, ignored = false): string[] {
  return scan(text, { file: { path, ...(ignored ? { ignored } : {}) } })
    .filter((f) => EXPOSURE.has(f.ruleId))
    .map((f) => `${f.ruleId}: ${text.slice(f.start, f.end)}`);
}

/** [stack and what, file, text, findings (rule: text)]. */
type Row = [string, string, string, string[]];

const PUBLIC_ENV: Row[] = [
  [
    'Nuxt: a server/api route reads server-only runtimeConfig (NUXT_HELCIM_API_TOKEN)',
    'server/api/helcim.post.ts',
    'export default defineEventHandler(async (event) => {\n  const { helcimApiToken } = useRuntimeConfig(event);\n' +
      `  const data = await $fetch('${INIT}', { method: 'POST', headers: { 'api-token': helcimApiToken } });\n` +
      '  return { checkoutToken: data.checkoutToken };\n});\n',
    [],
  ],
  ['Nuxt: the private NUXT_ variable in a git-ignored .env', '.env', `NUXT_HELCIM_API_TOKEN=${S.helcim}\n`, []],
  [
    'Next.js app router: a route handler reads HELCIM_API_TOKEN',
    'app/api/checkout/route.ts',
    `export async function POST() {\n  ${FETCH}  const { checkoutToken } = await r.json();\n  return Response.json({ checkoutToken });\n}\n`,
    [],
  ],
  [
    'Next.js pages router: getServerSideProps reads HELCIM_API_TOKEN and passes on the checkoutToken only',
    'pages/checkout.tsx',
    `export async function getServerSideProps() {\n  ${FETCH}  const data = await r.json();\n` +
      '  await saveCheckout(data.checkoutToken, data.secretToken);\n  return { props: { checkoutToken: data.checkoutToken } };\n}\n' +
      'export default function Checkout({ checkoutToken }) {\n  return <div id="pay" data-token={checkoutToken} />;\n}\n',
    [],
  ],
  [
    'Next.js pages router: pages/api reads HELCIM_API_TOKEN',
    'pages/api/helcim.ts',
    `export default async function handler(req, res) {\n  ${FETCH}  const data = await r.json();\n` +
      '  req.session.secretToken = data.secretToken;\n  res.status(200).json({ checkoutToken: data.checkoutToken });\n}\n',
    [],
  ],
  [
    "PHP: Laravel's .env hands VITE_ variables to the Vite plugin's bundle",
    '.env',
    `APP_NAME=Shop\nVITE_APP_NAME="\${APP_NAME}"\nVITE_HELCIM_API_TOKEN=${S.helcim}\n`,
    ['public-env-secret: VITE_HELCIM_API_TOKEN'],
  ],
  ['PHP: Laravel .env, the api-token server-only', '.env', `APP_NAME=Shop\nHELCIM_API_TOKEN=${S.helcim}\n`, []],
];

const BROWSER: Row[] = [
  [
    'Next.js pages router: a script under public/ calls the Helcim API',
    'public/js/checkout.js',
    `document.querySelector('#pay').addEventListener('click', async () => {\n  await fetch('${INIT}', { method: 'POST' });\n});\n`,
    ['browser-server-call: api.helcim.com'],
  ],
];

const CLIENT_FLOW = '  appendHelcimPayIframe(checkoutToken);\n';
const SECRET_TOKEN: Row[] = [
  [
    "Vite: index.html's module script keeps the secretToken in the browser",
    'index.html',
    '<!doctype html>\n<script type="module">\n  const { checkoutToken, secretToken } = await (await fetch(\'/api/helcim\')).json();\n' +
      `  sessionStorage.setItem('helcimSecret', secretToken);\n${CLIENT_FLOW}</script>\n`,
    Array<string>(2).fill('helcim-pay-secret-token-exposed: secretToken'),
  ],
  [
    'Vite: an Express server keeps the secretToken in the session and sends the checkoutToken',
    'server/index.ts',
    `app.post('/api/helcim', async (req, res) => {\n  ${FETCH}  const data = await r.json();\n` +
      '  req.session.secretToken = data.secretToken;\n  res.json({ checkoutToken: data.checkoutToken });\n});\n',
    [],
  ],
  [
    'Vite: the client (src/main.ts) gets only the checkoutToken',
    'src/main.ts',
    "const { checkoutToken } = await (await fetch('/api/helcim', { method: 'POST' })).json();\n" + CLIENT_FLOW,
    [],
  ],
  [
    'Nuxt: a server/api route stores the secretToken and returns the checkoutToken',
    'server/api/helcim.post.ts',
    `export default defineEventHandler(async () => {\n  const data = await $fetch('${INIT}', { method: 'POST' });\n` +
      "  await useStorage('checkouts').setItem(data.checkoutToken, data.secretToken);\n" +
      '  return { checkoutToken: data.checkoutToken };\n});\n',
    [],
  ],
  [
    'Expo: an API route (+api.ts) keeps the secretToken',
    'app/api/helcim+api.ts',
    `export async function POST(request: Request) {\n  ${FETCH}  const { checkoutToken, secretToken } = await r.json();\n` +
      '  await kv.set(checkoutToken, secretToken);\n  return Response.json({ checkoutToken });\n}\n',
    [],
  ],
  [
    'Expo: the app screen gets only the checkoutToken',
    'app/pay.tsx',
    "export default function Pay() {\n  const [checkoutToken, setToken] = useState('');\n" +
      "  useEffect(() => { fetch('/api/helcim', { method: 'POST' }).then((r) => r.json()).then((d) => setToken(d.checkoutToken)); }, []);\n" +
      '  return <HelcimPayWebView checkoutToken={checkoutToken} />;\n}\n',
    [],
  ],
  [
    "PHP: $_SESSION['secretToken'] kept, echo json_encode(['checkoutToken' => …])",
    'api/helcim.php',
    `<?php\nsession_start();\n$ch = curl_init('${INIT}');\n` +
      "curl_setopt($ch, CURLOPT_HTTPHEADER, ['api-token: ' . getenv('HELCIM_API_TOKEN')]);\n" +
      "$data = json_decode(curl_exec($ch), true);\n$_SESSION['secretToken'] = $data['secretToken'];\n" +
      "echo json_encode(['checkoutToken' => $data['checkoutToken']]);\n",
    [],
  ],
];

for (const [rule, rows] of [
  ['public-env-secret', PUBLIC_ENV],
  ['browser-server-call', BROWSER],
  ['helcim-pay-secret-token-exposed', SECRET_TOKEN],
] as const) {
  describe(`${rule}: the framework matrix`, () => {
    for (const [what, path, text, want] of rows) {
      it(`${want.length ? 'must flag' : 'must not flag'} · ${what}`, () => {
        assert.deepEqual(found(text, path, path.startsWith('.env')), want);
      });
    }
  });
}
