// Issue 21 in a real VS Code: requests in a .http file sent through the CodeLens with a stored
// account's credential, to local stand-ins of Helcim and Gr4vy (via the base-URL settings).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RecentRequest } from '../../src/core/httpFile/recent';
import type { TestApi } from '../../src/extension';
import type { SendOutcome } from '../../src/features/requests/sender';
import { Commands, RESPONSE_URI_SCHEME, Settings } from '../../src/ids';
import { type StandInLog, gr4vyStandIn } from '../standIns/gr4vy';
import { HELCIM_TEST_VISA, type HelcimStandInLog, helcimStandIn } from '../standIns/helcim';
import { type Started, filesUnder, helcimToken, p521Key, startServer } from '../unit/fixtures';
import { activateExtension, waitFor } from './helpers';
import { type Answer, ScriptedPrompts } from './scriptedPrompts';

const purchase = JSON.stringify({
  ipAddress: '192.0.2.1',
  currency: 'CAD',
  amount: 10.5,
  cardData: { cardNumber: HELCIM_TEST_VISA, cardExpiry: '0128', cardCVV: '100' },
});

/** The 1-based line of the first line of `text` that starts with `start`. */
const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('.http requests sent from the editor', function () {
  this.timeout(60_000);
  let api: TestApi;
  let helcim: Started;
  let gr4vy: Started;
  const token = helcimToken();
  const wrong = helcimToken();
  const key = p521Key();
  const helcimLog: HelcimStandInLog = { requests: [], charged: 0 };
  const gr4vyLog: StandInLog = { requests: [], claims: [] };
  /** Every bearer token the Gr4vy stand-in received: none may be shown anywhere. */
  const gr4vyTokens: string[] = [];
  const ids: string[] = [];
  let shopId = '';
  let helcimFile: vscode.Uri;
  let gr4vyFile: vscode.Uri;
  let helcimText = '';
  let gr4vyText = '';

  const script = (answers: Answer[]) => {
    const p = new ScriptedPrompts(answers);
    api.setPrompts(p);
    return p;
  };

  const lensesAt = async (uri: vscode.Uri, line: number) => {
    const all =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)) ?? [];
    return all.filter((l) => l.range.start.line === line - 1 && l.command?.command.startsWith('paymentApi.'));
  };

  const run = async (lens: vscode.CodeLens | undefined): Promise<SendOutcome> => {
    assert.ok(lens?.command, 'no such CodeLens');
    return vscode.commands.executeCommand<SendOutcome>(
      lens.command.command,
      ...((lens.command.arguments ?? []) as unknown[]),
    );
  };

  /** Sends the request at `line` as `label` through its CodeLens ("Send as…" and a pick when others exist too). */
  const sendAs = async (uri: vscode.Uri, line: number, label: string, answers: Answer[] = []) => {
    const lenses = await lensesAt(uri, line);
    const direct = lenses.find((l) => l.command?.title === `Send as “${label}”`);
    const p = script(direct ? answers : [label, ...answers]);
    const out = await run(direct ?? lenses.find((l) => l.command?.title === 'Send as…'));
    assert.equal(p.remaining, 0, `unanswered: ${p.asked.join(' | ')}`);
    return { out, asked: p.asked };
  };

  const sent = (o: SendOutcome): RecentRequest => {
    assert.ok('sent' in o, 'notSent' in o ? o.notSent : 'nothing');
    return o.sent;
  };

  const responseText = async (r: RecentRequest) =>
    (await vscode.workspace.openTextDocument(api.requests.responses.uriOf(r))).getText();

  before(async () => {
    api = await activateExtension();
    helcim = await startServer(helcimStandIn(token, helcimLog));
    const gr4vyHandler = gr4vyStandIn([{ publicKey: key.publicKey, role: 'full' }], gr4vyLog);
    gr4vy = await startServer((req: IncomingMessage, res: ServerResponse) => {
      gr4vyTokens.push(String(req.headers.authorization ?? '').replace(/^bearer /i, ''));
      gr4vyHandler(req, res);
    });
    const cfg = vscode.workspace.getConfiguration();
    await cfg.update(Settings.helcimBaseUrl, helcim.url, vscode.ConfigurationTarget.Global);
    await cfg.update(Settings.gr4vyBaseUrl, gr4vy.url, vscode.ConfigurationTarget.Global);
    const add = async (draft: Parameters<TestApi['accounts']['add']>[0]) => {
      const { account } = await api.accounts.add(draft);
      ids.push(account.id);
      return account.id;
    };
    shopId = await add({ provider: 'helcim', label: 'Shop', environment: 'sandbox', scope: 'global', secret: token });
    await add({
      provider: 'gr4vy',
      label: 'EU',
      environment: 'sandbox',
      scope: 'global',
      instanceId: 'acme',
      scopes: ['*.read', '*.write'],
      secret: key.pkcs8,
    });
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'no workspace folder');
    const port = new URL(helcim.url).port;
    helcimText = [
      '@api = https://api.helcim.com',
      '',
      '### A purchase with the test card',
      '# @name purchase',
      'POST {{api}}/v2/payment/purchase',
      'content-type: application/json',
      '',
      purchase,
      '',
      '###',
      'GET https://api.helcim.com/v2/connection-test',
      '',
      '###',
      'GET https://api.helcim.com.evil.example/v2/connection-test',
      '',
      '###',
      `GET http://localhost:${port}/v2/connection-test`,
      '',
      '###',
      'POST https://api.helcim.com/v2/payment/refund',
      'content-type: application/json',
      '',
      '{"transactionId": 1, "amount": 1, "ipAddress": "{{$processEnv HOME}}"}',
      '',
    ].join('\n');
    gr4vyText = [
      'GET https://api.sandbox.acme.gr4vy.app/transactions?limit=2',
      '',
      '###',
      'POST https://api.sandbox.acme.gr4vy.app/checkout/sessions',
      'content-type: application/json',
      '',
      '{}',
      '',
    ].join('\n');
    helcimFile = vscode.Uri.file(path.join(root, 'payments.http'));
    gr4vyFile = vscode.Uri.file(path.join(root, 'gr4vy.rest'));
    fs.writeFileSync(helcimFile.fsPath, helcimText);
    fs.writeFileSync(gr4vyFile.fsPath, gr4vyText);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(helcimFile));
  });

  after(async () => {
    api.setPrompts(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const cfg = vscode.workspace.getConfiguration();
    for (const k of [Settings.helcimBaseUrl, Settings.gr4vyBaseUrl, Settings.requestsCodeLens])
      await cfg.update(k, undefined, vscode.ConfigurationTarget.Global);
    for (const id of ids) if (api.accounts.get(id)) await api.accounts.remove(id);
    for (const f of [helcimFile, gr4vyFile]) if (f) fs.rmSync(f.fsPath, { force: true });
    await helcim?.close();
    await gr4vy?.close();
  });

  it('a Helcim purchase with the test card, through the CodeLens, asks first; the response view shows HTTP 200, masked', async () => {
    const line = lineOf(helcimText, 'POST {{api}}');
    const { out, asked } = await sendAs(helcimFile, line, 'Shop', [true]);
    assert.match(
      asked.at(-1) ?? '',
      /^confirm: Send a purchase of 10\.5 CAD \(POST \/v2\/payment\/purchase\) as “Shop” \(Helcim, sandbox\)\?$/,
    );
    const r = sent(out);
    assert.equal(r.status, 200);
    assert.equal(helcimLog.charged, 1);
    const shown = await waitFor(
      () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === RESPONSE_URI_SCHEME),
      'the response view beside the file',
    );
    const text = shown.document.getText();
    assert.match(text, /^HTTP 200 \(\d+ ms\)$/m);
    assert.match(text, /"status": "APPROVED"/);
    assert.match(text, new RegExp(`^api-token: •+${token.slice(-4).replace(/[.]/g, '\\.')}$`, 'm'));
    assert.match(text, /^# A new idempotency-key was generated for this payment\.$/m);
    assert.ok(!text.includes(token), 'the token is not in the response view');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(shown.document.uri, new Uint8Array([1]))),
      'the response view is read-only',
    );
  });

  it('re-sending within five minutes reuses the idempotency key (charged once); "Send as a new payment" charges again', async () => {
    const p = script([true]);
    const again = sent(await vscode.commands.executeCommand<SendOutcome>(Commands.resendRequest));
    assert.match(p.asked[0] ?? '', /^confirm: Send a purchase/, 'a money-moving re-send asks again');
    assert.equal(again.status, 200);
    assert.match(again.text, /Helcim will return the first answer/);
    assert.equal(helcimLog.charged, 1);
    assert.ok(helcimLog.requests.some((l) => /replay/.test(l)));
    const line = lineOf(helcimText, 'POST {{api}}');
    const lens = (await lensesAt(helcimFile, line)).find((l) => l.command?.title === 'Send as a new payment');
    const q = script([true]);
    assert.equal(sent(await run(lens)).status, 200);
    assert.match(q.asked[0] ?? '', /as a new payment|Send a purchase/);
    assert.equal(helcimLog.charged, 2);
    const items = api.requests.tree.getChildren();
    assert.equal(items.length >= 3, true);
    const item = api.requests.tree.getTreeItem(items[0] as RecentRequest);
    assert.equal(item.label, 'POST /v2/payment/purchase');
    assert.match(String(item.description), /^200 · Shop · /);
    await vscode.commands.executeCommand(Commands.copyRequestAsCurl, items[0]);
    const curl = await vscode.env.clipboard.readText();
    assert.match(curl, /^curl -sS -X POST 'http:\/\/127\.0\.0\.1:\d+\/v2\/payment\/purchase' .*-H 'api-token: •+/);
    assert.ok(!curl.includes(token));
  });

  it('a Gr4vy transaction list carries a token with transactions.read only; a checkout session checkout-sessions.write', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(gr4vyFile));
    const list = sent((await sendAs(gr4vyFile, 1, 'EU')).out);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(gr4vyLog.claims.at(-1)?.scopes, ['transactions.read']);
    assert.match(list.text, /transactions\.read \(from Gr4vy's OpenAPI description\)/);
    const session = sent((await sendAs(gr4vyFile, lineOf(gr4vyText, 'POST'), 'EU')).out);
    assert.equal(session.status, 201, session.text);
    assert.deepEqual(gr4vyLog.claims.at(-1)?.scopes, ['checkout-sessions.write']);
    assert.match(await responseText(session), /^HTTP 201 \(\d+ ms\)$/m);
  });

  it('a wrong token: the answer is HTTP 403, shown', async () => {
    const { account } = await api.accounts.add({
      provider: 'helcim',
      label: 'Wrong',
      environment: 'sandbox',
      scope: 'global',
      secret: wrong,
    });
    ids.push(account.id);
    const line = lineOf(helcimText, 'GET https://api.helcim.com/');
    const titles = (await lensesAt(helcimFile, line)).map((l) => l.command?.title);
    assert.ok(titles.includes('Send as…'), `several Helcim accounts: ${titles.join(', ')}`);
    const r = sent((await sendAs(helcimFile, line, 'Wrong')).out);
    assert.equal(r.status, 403);
    assert.match(await responseText(r), /^HTTP 403 \(\d+ ms\)$/m);
    assert.equal(helcimLog.requests.at(-1), 'GET /v2/connection-test → 403 (api-token)');
  });

  it('a lookalike host gets no lens and nothing: not the stand-in, not with an account named', async () => {
    const before = helcimLog.requests.length;
    for (const start of ['GET https://api.helcim.com.evil', 'GET http://localhost:']) {
      const line = lineOf(helcimText, start);
      assert.deepEqual(await lensesAt(helcimFile, line), [], start);
      const p = script([]);
      const o = await vscode.commands.executeCommand<SendOutcome>(Commands.sendRequest, { uri: helcimFile, line });
      assert.ok('notSent' in o && /does not go to the API/.test(o.notSent), JSON.stringify(o));
      const named = await vscode.commands.executeCommand<SendOutcome>(Commands.sendRequest, {
        uri: helcimFile,
        line,
        accountId: shopId,
      });
      assert.ok(
        'notSent' in named && /^Not sent: .* is not the API of “Shop”/.test(named.notSent),
        JSON.stringify(named),
      );
      assert.deepEqual(p.asked, []);
    }
    assert.equal(helcimLog.requests.length, before, 'the stand-in got nothing');
  });

  it('{{$processEnv HOME}} is not evaluated: "Not sendable" explains, and sending refuses', async () => {
    const line = lineOf(helcimText, 'POST https://api.helcim.com/v2/payment/refund');
    const lens = (await lensesAt(helcimFile, line))[0];
    assert.match(lens?.command?.title ?? '', /^Not sendable: line \d+: .*\$processEnv/);
    const before = helcimLog.requests.length;
    const p = script([]);
    const o = await vscode.commands.executeCommand<SendOutcome>(Commands.sendRequest, {
      uri: helcimFile,
      line,
      accountId: shopId,
    });
    assert.ok('notSent' in o && /^Not sent: line \d+ uses .*\$processEnv.*never evaluates/.test(o.notSent));
    const home = process.env.HOME ?? '';
    if (home.length > 5) assert.ok(!o.notSent.includes(home));
    assert.deepEqual(p.asked, [], 'nothing asked: it is refused before');
    assert.equal(helcimLog.requests.length, before);
  });

  it('paymentApi.requests.codeLens turns the lenses off', async () => {
    const cfg = vscode.workspace.getConfiguration();
    await cfg.update(Settings.requestsCodeLens, false, vscode.ConfigurationTarget.Global);
    assert.deepEqual(await lensesAt(helcimFile, lineOf(helcimText, 'POST {{api}}')), []);
    await cfg.update(Settings.requestsCodeLens, undefined, vscode.ConfigurationTarget.Global);
    assert.ok((await lensesAt(helcimFile, lineOf(helcimText, 'POST {{api}}'))).length > 0);
  });

  it('no secret in workspace or global state, the log, the Requests view or the response views', async () => {
    const pemLines = key.pkcs8.split('\n').filter((l) => l.length > 40);
    const secrets = [token, wrong, ...pemLines, ...gr4vyTokens.filter((t) => t.length > 40)];
    assert.ok(gr4vyTokens.length >= 2, 'the Gr4vy stand-in received tokens');
    const state =
      JSON.stringify([...api.context.globalState.keys()].map((k) => [k, api.context.globalState.get(k)])) +
      JSON.stringify([...api.context.workspaceState.keys()].map((k) => [k, api.context.workspaceState.get(k)]));
    const recent = api.requests.recent.list();
    assert.ok(recent.length >= 6, `${recent.length} requests kept`);
    const shown = [
      JSON.stringify(recent),
      ...(await Promise.all(recent.map(responseText))),
      ...recent.map((r) => JSON.stringify(api.requests.tree.getTreeItem(r))),
    ].join('\n');
    const logs = path.resolve(api.context.logUri.fsPath, '..', '..');
    const logFile = await waitFor(
      () =>
        filesUnder(logs).find(
          (f) =>
            /Payment API Toolkit/.test(path.basename(f)) &&
            fs.readFileSync(f, 'utf8').includes('Sent GET /v2/connection-test as “Wrong”: HTTP 403'),
        ),
      'the log file to be written',
      15_000,
    );
    const log = fs.readFileSync(logFile, 'utf8');
    assert.match(log, /Sent POST \/v2\/payment\/purchase as “Shop”: HTTP 200/);
    for (const [i, s] of secrets.entries()) {
      assert.ok(!state.includes(s), `secret #${i} in global/workspace state`);
      assert.ok(!shown.includes(s), `secret #${i} in the Requests view or a response view`);
      assert.ok(!log.includes(s), `secret #${i} in the log`);
    }
  });
});
