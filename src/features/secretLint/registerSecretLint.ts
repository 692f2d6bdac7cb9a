import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Logger } from '../../core/logger';
import {
  appendEnv,
  envLookup,
  envNameFor,
  gitignoreCoversEnv,
  ignoreComment,
  quotedSpan,
} from '../../core/scanner/fixes';
import { ruleById } from '../../core/scanner/rules';
import { type Edit, type Finding, type KnownSecret, locate, rescan, scan } from '../../core/scanner/scan';
import { HELCIM_DASHBOARD_URL } from '../../core/providers/helcim';
import { Commands, Settings } from '../../ids';
import { validateInstanceId } from '../../core/accounts/validate';
import { describeError } from '../../core/errors';
import type { Prompts } from '../accounts/prompts';
import { GitIgnoreCache } from './gitIgnore';

export const DIAGNOSTIC_SOURCE = 'Payment API Toolkit';
const DEBOUNCE_MS = 150;
/** Longest stretch the workspace scan runs before yielding to the extension host. */
const SLICE_MS = 20;
const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;
/** Where each provider's keys are rolled, for the "rotate" quick fix. */
const ROTATE_PAGES: Record<string, string> = {
  'helcim-api-token': HELCIM_DASHBOARD_URL,
  'stripe-secret-key': 'https://dashboard.stripe.com/apikeys',
  'stripe-restricted-key': 'https://dashboard.stripe.com/apikeys',
  'stripe-webhook-secret': 'https://dashboard.stripe.com/webhooks',
  'square-access-token': 'https://developer.squareup.com/apps',
  'square-oauth-secret': 'https://developer.squareup.com/apps',
  'plaid-access-token': 'https://dashboard.plaid.com/developers/keys',
};
const PROVIDER_NAMES = { helcim: 'Helcim', gr4vy: 'Gr4vy' } as const;

let docsBase: vscode.Uri | undefined;
/** A diagnostic's code: the rule id, linked to its section of the rules page shipped with the extension. */
function codeOf(ruleId: string): vscode.Diagnostic['code'] {
  const rule = ruleById(ruleId);
  if (!rule || !docsBase) return ruleId;
  const [file = '', anchor = ''] = rule.docs.split('#');
  return { value: ruleId, target: vscode.Uri.joinPath(docsBase, file).with({ fragment: anchor }) };
}

/** The diagnostic for a finding at `range`: masked message, rule code with its docs link, our source. */
function diagnosticFor(range: vscode.Range, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, `${f.message} (${f.preview})`, SEVERITY[f.severity]);
  d.code = codeOf(f.ruleId);
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}

interface DocState {
  version: number;
  findings: Finding[];
  pending: Edit[] | 'full';
  timer?: ReturnType<typeof setTimeout>;
}

export interface SecretLintFeature {
  collection: vscode.DiagnosticCollection;
  /** Resolves when every scheduled lint has run (tests). */
  idle(): Promise<void>;
}

function settings() {
  const c = vscode.workspace.getConfiguration();
  const kb = c.get<unknown>(Settings.scanMaxFileSizeKb);
  return {
    enabled: c.get<unknown>(Settings.scanEnabled) !== false,
    skipIgnored: c.get<unknown>(Settings.scanSkipGitIgnored) !== false,
    maxChars: (typeof kb === 'number' && kb > 0 ? kb : 5120) * 1024,
  };
}

/** Secret-leak diagnostics as you type, quick fixes, and "Scan Workspace for Secrets". */
export function registerSecretLint(
  context: vscode.ExtensionContext,
  deps: { store: AccountStore; log: Logger; prompts: () => Prompts },
): SecretLintFeature {
  docsBase = context.extensionUri;
  const collection = vscode.languages.createDiagnosticCollection('paymentApiSecrets');
  const docs = new Map<string, DocState>();
  const gitIgnore = new GitIgnoreCache();
  const running = new Set<Promise<void>>();
  let known: KnownSecret[] = [];
  let knownFor = '';

  /** Re-reads the stored secrets when accounts were added, removed, renamed or their secrets changed. */
  const refreshKnown = async (force = false) => {
    const signature = deps.store
      .list()
      .map((a) => `${a.id}\0${a.label}\0${a.environment}`)
      .join('\n');
    if (!force && signature === knownFor) return;
    knownFor = signature;
    const list: KnownSecret[] = [];
    for (const a of deps.store.list()) {
      try {
        const value = await deps.store.readSecret(a.id);
        list.push({
          value,
          accountId: a.id,
          description: `your ${a.environment === 'production' ? 'production' : a.environment} ${PROVIDER_NAMES[a.provider]} ${a.provider === 'helcim' ? 'api-token' : 'private key'} “${a.label}”`,
        });
      } catch {
        /* a missing secret is reported by the accounts view */
      }
    }
    known = list;
    for (const d of vscode.workspace.textDocuments) schedule(d, 'full');
  };

  const toDiagnostics = (doc: vscode.TextDocument, findings: Finding[], capped: boolean): vscode.Diagnostic[] => {
    const out = findings.map((f) => diagnosticFor(new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)), f));
    if (capped) {
      const d = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        `Only the first ${Math.round(settings().maxChars / 1024)} KB of this file are checked for secrets (setting ${Settings.scanMaxFileSizeKb}).`,
        vscode.DiagnosticSeverity.Information,
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = 'file-too-large';
      out.push(d);
    }
    return out;
  };

  const lint = async (doc: vscode.TextDocument): Promise<void> => {
    const key = doc.uri.toString();
    const state = docs.get(key);
    if (!state) return;
    const s = settings();
    if (!s.enabled || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) {
      collection.delete(doc.uri);
      return;
    }
    if (s.skipIgnored && doc.uri.scheme === 'file' && (await gitIgnore.isIgnored(doc.uri.fsPath))) {
      collection.delete(doc.uri);
      state.findings = [];
      return;
    }
    const full = doc.getText();
    const capped = full.length > s.maxChars;
    const text = capped ? full.slice(0, s.maxChars) : full;
    const edits = state.pending;
    state.pending = [];
    state.findings =
      edits === 'full' || capped || state.version < 0
        ? scan(text, { knownSecrets: known })
        : rescan(text, state.findings, edits, { knownSecrets: known });
    state.version = doc.version;
    collection.set(doc.uri, toDiagnostics(doc, state.findings, capped));
  };

  const schedule = (doc: vscode.TextDocument, edits: Edit[] | 'full') => {
    const key = doc.uri.toString();
    let state = docs.get(key);
    if (!state) {
      state = { version: -1, findings: [], pending: 'full' };
      docs.set(key, state);
    }
    state.pending = edits === 'full' || state.pending === 'full' ? 'full' : [...state.pending, ...edits];
    clearTimeout(state.timer);
    const st = state;
    state.timer = setTimeout(
      () => {
        st.timer = undefined;
        const p = lint(doc)
          .catch((e: unknown) => deps.log.error(`Secret check of ${doc.uri.fsPath} failed: ${String(e)}`))
          .finally(() => running.delete(p));
        running.add(p);
      },
      edits === 'full' ? 0 : DEBOUNCE_MS,
    );
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 'full')),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      // One change per event: re-lint around it. Several (multi-cursor): their offsets refer to the
      // text before all of them, so scan the whole text instead.
      const edits =
        e.contentChanges.length === 1
          ? e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length }))
          : 'full';
      schedule(e.document, edits);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      const s = docs.get(d.uri.toString());
      if (s?.timer) clearTimeout(s.timer);
      docs.delete(d.uri.toString());
      collection.delete(d.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.path.endsWith('/.gitignore')) {
        gitIgnore.clear();
        for (const t of vscode.workspace.textDocuments) schedule(t, 'full');
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.section)) for (const d of vscode.workspace.textDocuments) schedule(d, 'full');
    }),
    // Test results also change the store; only a change of accounts or secrets matters here.
    deps.store.onDidChange(() => void refreshKnown()),
    context.secrets.onDidChange(() => void refreshKnown(true)),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new SecretFixes(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.commands.registerCommand(
      Commands.internalFixWithEnv,
      (uri: vscode.Uri, range: vscode.Range, ruleId: string) => fixWithEnv(uri, range, ruleId, deps.log),
    ),
    vscode.commands.registerCommand(
      Commands.internalMoveToAccount,
      (uri: vscode.Uri, range: vscode.Range, ruleId: string) => moveToAccount(uri, range, ruleId, deps),
    ),
    vscode.commands.registerCommand(Commands.scanWorkspace, () =>
      scanWorkspace(collection, () => known, gitIgnore, deps.log, docs),
    ),
  );
  void refreshKnown(true);
  return {
    collection,
    idle: async () => {
      while (running.size || [...docs.values()].some((s) => s.timer)) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

class SecretFixes implements vscode.CodeActionProvider {
  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    ctx: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || d.code === 'file-too-large') continue;
      const ruleId = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      const name = envNameFor(ruleId);
      const lookup = envLookup(doc.languageId, name);
      const text = doc.getText();
      const start = doc.offsetAt(d.range.start);
      if (lookup && quotedSpan(text, start, doc.offsetAt(d.range.end))) {
        const a = new vscode.CodeAction(`Move the secret to .env and use ${lookup}`, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [d];
        a.isPreferred = true;
        a.command = { command: Commands.internalFixWithEnv, title: a.title, arguments: [doc.uri, d.range, ruleId] };
        actions.push(a);
      }
      if (ruleId === 'helcim-api-token' || ruleId === 'private-key-pem') {
        const what = ruleId === 'helcim-api-token' ? 'Helcim' : 'Gr4vy';
        const a = new vscode.CodeAction(
          `Save as a ${what} account in VS Code's secret storage${lookup && quotedSpan(text, start, doc.offsetAt(d.range.end)) ? ` and use ${lookup}` : ''}`,
          vscode.CodeActionKind.QuickFix,
        );
        a.diagnostics = [d];
        a.command = { command: Commands.internalMoveToAccount, title: a.title, arguments: [doc.uri, d.range, ruleId] };
        actions.push(a);
      }
      const comment = ignoreComment(doc.languageId);
      if (comment) {
        const a = new vscode.CodeAction(
          `Ignore this finding on this line (${comment})`,
          vscode.CodeActionKind.QuickFix,
        );
        a.diagnostics = [d];
        const line = doc.lineAt(d.range.start.line);
        a.edit = new vscode.WorkspaceEdit();
        a.edit.insert(doc.uri, line.range.end, ` ${comment}`);
        actions.push(a);
      }
      const rotate = ROTATE_PAGES[ruleId];
      if (rotate) {
        const a = new vscode.CodeAction(
          "Rotate this key: it may already be in your history (opens the provider's dashboard)",
          vscode.CodeActionKind.QuickFix,
        );
        a.diagnostics = [d];
        a.command = { command: 'vscode.open', title: a.title, arguments: [vscode.Uri.parse(rotate)] };
        actions.push(a);
      }
    }
    return actions;
  }
}

/** Replaces the quoted literal with an environment lookup, appends NAME=value to .env and keeps .env out of git. */
async function fixWithEnv(uri: vscode.Uri, range: vscode.Range, ruleId: string, log: Logger): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: the secret goes to the .env file at its root.');
    return;
  }
  const text = doc.getText();
  const span = quotedSpan(text, doc.offsetAt(range.start), doc.offsetAt(range.end));
  const name = envNameFor(ruleId);
  const lookup = envLookup(doc.languageId, name);
  if (!span || !lookup) return;
  const secret = doc.getText(range);
  const envUri = vscode.Uri.joinPath(folder.uri, '.env');
  const read = async (u: vscode.Uri) => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
    } catch {
      return '';
    }
  };
  const env = await read(envUri);
  let varName = name;
  for (let i = 2; new RegExp(`^${varName}=`, 'm').test(env) && !env.includes(`${varName}=${secret}`); i++)
    varName = `${name}_${i}`;
  const finalLookup = envLookup(doc.languageId, varName) ?? lookup;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end)), finalLookup);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('The file changed meanwhile; try the fix again.');
    return;
  }
  if (!env.includes(`${varName}=${secret}`))
    await vscode.workspace.fs.writeFile(envUri, new TextEncoder().encode(appendEnv(env, varName, secret)));
  const giUri = vscode.Uri.joinPath(folder.uri, '.gitignore');
  const gi = await read(giUri);
  if (!gitignoreCoversEnv(gi))
    await vscode.workspace.fs.writeFile(
      giUri,
      new TextEncoder().encode(`${gi}${gi === '' || gi.endsWith('\n') ? '' : '\n'}.env\n`),
    );
  log.info(`Moved a ${ruleId} secret from ${vscode.workspace.asRelativePath(uri)} to .env as ${varName}`);
  void vscode.window.showInformationMessage(
    `Moved the secret to .env as ${varName} (.env is git-ignored). If it was ever committed, rotate it.`,
  );
}

/**
 * Saves the secret under the cursor as an account (validated like the Add Account flow), then
 * replaces the literal with an environment lookup as the .env fix does.
 */
async function moveToAccount(
  uri: vscode.Uri,
  range: vscode.Range,
  ruleId: string,
  deps: { store: AccountStore; log: Logger; prompts: () => Prompts },
): Promise<string | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const secret = doc.getText(range);
  const provider = ruleId === 'helcim-api-token' ? 'helcim' : 'gr4vy';
  const prompts = deps.prompts();
  const title = `Save as a ${PROVIDER_NAMES[provider]} account`;
  const label = await prompts.input({
    title,
    prompt: 'A name for this account',
    value: PROVIDER_NAMES[provider],
    validate: async (v) => (v.trim() === '' ? 'The name is empty' : undefined),
  });
  if (label === undefined) return undefined;
  const environment = await prompts.pick<'sandbox' | 'production'>(
    [
      { label: 'Production', value: 'production' },
      { label: provider === 'helcim' ? 'Test account' : 'Sandbox', value: 'sandbox' },
    ],
    { title, placeholder: 'Which environment does this credential belong to?' },
  );
  if (!environment) return undefined;
  let added;
  try {
    if (provider === 'helcim') {
      added = await deps.store.add({ provider, label, environment, scope: 'global', secret });
    } else {
      const instanceId = await prompts.input({
        title,
        prompt: 'The Gr4vy instance id: the <id> in https://api.<id>.gr4vy.app',
        validate: async (v) => {
          try {
            validateInstanceId(v);
            return undefined;
          } catch (e) {
            return describeError(e);
          }
        },
      });
      if (instanceId === undefined) return undefined;
      added = await deps.store.add({
        provider,
        label,
        environment,
        scope: 'global',
        secret,
        instanceId,
        scopes: ['*.read', '*.write'],
      });
    }
  } catch (e) {
    void vscode.window.showErrorMessage(`The secret could not be saved: ${describeError(e)}`);
    return undefined;
  }
  deps.log.info(
    `Saved a ${ruleId} secret from ${vscode.workspace.asRelativePath(uri)} as ${PROVIDER_NAMES[provider]} account "${added.account.label}": ${added.summary}`,
  );
  const text = doc.getText();
  if (
    quotedSpan(text, doc.offsetAt(range.start), doc.offsetAt(range.end)) &&
    envLookup(doc.languageId, envNameFor(ruleId))
  ) {
    await fixWithEnv(uri, range, ruleId, deps.log);
  } else {
    void vscode.window.showInformationMessage(
      `Saved as the ${PROVIDER_NAMES[provider]} account “${added.account.label}”. Now remove the secret from this file, and rotate it if it was ever committed.`,
    );
  }
  return added.account.id;
}

/** Scans every workspace file in slices (the host stays responsive), fills Problems, and says what it found. */
async function scanWorkspace(
  collection: vscode.DiagnosticCollection,
  known: () => KnownSecret[],
  gitIgnore: GitIgnoreCache,
  log: Logger,
  open: Map<string, DocState>,
): Promise<{ files: number; findings: number } | undefined> {
  const s = settings();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Scanning the workspace for secrets', cancellable: true },
    async (progress, token) => {
      const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', undefined, token);
      let files = 0;
      let findings = 0;
      let withFindings = 0;
      const started = Date.now();
      let sliceStart = performance.now();
      let reported = 0;
      for (let i = 0; i < uris.length && !token.isCancellationRequested; i++) {
        const uri = uris[i] as vscode.Uri;
        // Work in slices of at most ~20 ms, then let the extension host handle other events.
        if (performance.now() - sliceStart > SLICE_MS) {
          progress.report({
            message: `${i} of ${uris.length} files, ${findings} secrets`,
            increment: ((i - reported) / uris.length) * 100,
          });
          reported = i;
          await new Promise((r) => setImmediate(r));
          sliceStart = performance.now();
        }
        if (open.has(uri.toString())) continue;
        if (s.skipIgnored && (await gitIgnore.isIgnored(uri.fsPath))) continue;
        let bytes: Uint8Array;
        try {
          bytes = await vscode.workspace.fs.readFile(uri);
        } catch {
          continue;
        }
        if (bytes.subarray(0, 8000).includes(0)) continue;
        const text = new TextDecoder().decode(bytes.length > s.maxChars ? bytes.subarray(0, s.maxChars) : bytes);
        files++;
        const found = scan(text, { knownSecrets: known() });
        if (found.length === 0) {
          collection.delete(uri);
          continue;
        }
        withFindings++;
        findings += found.length;
        // Lines and columns of every finding in one pass over the text (1-based from locate()).
        const at = locate(
          text,
          found.flatMap((f) => [f.start, f.end]),
        ).map((p) => new vscode.Position(p.line - 1, p.column - 1));
        collection.set(
          uri,
          found.map((f, i) =>
            diagnosticFor(new vscode.Range(at[2 * i] as vscode.Position, at[2 * i + 1] as vscode.Position), f),
          ),
        );
      }
      const summary = `${token.isCancellationRequested ? 'Scan cancelled: ' : ''}${findings} secret${findings === 1 ? '' : 's'} in ${withFindings} of ${files} files scanned (${((Date.now() - started) / 1000).toFixed(1)} s).`;
      log.info(`Workspace scan: ${summary}`);
      if (findings)
        void vscode.window
          .showWarningMessage(summary, 'Show Problems')
          .then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
      else void vscode.window.showInformationMessage(summary);
      return { files, findings };
    },
  );
}
