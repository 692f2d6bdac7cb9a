import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { type FileContext, baseName, isEnvFile } from '../../core/scanner/fileContext';
import { ProjectConfigs } from '../../core/scanner/exposure/projectConfig';
import type { Edit, Finding, KnownSecret } from '../../core/scanner/scan';
import type { TextScanner } from '../../core/scanner/textScanner';
import { readScanSettings } from '../../host/config';
import type { DiagnosticFactory, FindingExtras } from './diagnostics';
import type { GitIgnoreCache } from '../../host/gitAccess';

const DEBOUNCE_MS = 150;

interface DocState {
  version: number;
  findings: Finding[];
  pending: Edit[] | 'full';
  timer?: ReturnType<typeof setTimeout>;
  /** The lint under way: the next waits for it, so each re-scan starts from the findings before it. */
  chain: Promise<void>;
  /** Whether the findings were of a git-ignored file (only the rules that read ignored .env files ran). */
  ignored?: boolean;
}

/**
 * Lints open documents as they are typed: a debounced full scan on open, then re-scans around each
 * edit only. Unsaved text is what is checked. Scans run on a worker thread with a time budget, so
 * no document (whatever a repository put in it) can block the extension host.
 */
export class LiveLinter {
  private readonly docs = new Map<string, DocState>();
  private readonly running = new Set<Promise<void>>();
  /** Each workspace folder's public prefixes (Vite envPrefix, SvelteKit publicPrefix), read once. */
  private projects = new Map<string, ProjectConfigs>();

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly diagnostics: DiagnosticFactory,
    private readonly gitIgnore: GitIgnoreCache,
    private readonly scanner: TextScanner,
    private readonly known: () => readonly KnownSecret[],
    private readonly log: Logger,
    private readonly judge: (uri: vscode.Uri, ruleId: string, secret: string) => FindingExtras,
  ) {}

  /** Whether a document is open and linted here (the workspace scan leaves those to us). */
  isOpen(uri: vscode.Uri): boolean {
    return this.docs.has(uri.toString());
  }

  /** Listens to document events; returns the subscriptions. */
  watch(): vscode.Disposable[] {
    return [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 'full')),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        // One change per event: re-lint around it. Several (multi-cursor): their offsets refer to the
        // text before all of them, so scan the whole text instead.
        const edits =
          e.contentChanges.length === 1
            ? e.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, inserted: c.text.length }))
            : 'full';
        this.schedule(e.document, edits);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        // A changed Vite or SvelteKit config may name other public prefixes: read them again.
        if (/^(?:vite|svelte|astro|vitest)\.config\.[cm]?[jt]s$/.test(baseName(d.uri.fsPath))) {
          this.projects = new Map();
          this.relintAll();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        const s = this.docs.get(d.uri.toString());
        if (s?.timer) clearTimeout(s.timer);
        this.docs.delete(d.uri.toString());
        this.collection.delete(d.uri);
      }),
    ];
  }

  /** Lints every open document again from scratch (settings, .gitignore or known secrets changed). */
  relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 'full');
  }

  /** Resolves when every scheduled lint has run (tests). */
  async idle(): Promise<void> {
    while (this.running.size || [...this.docs.values()].some((s) => s.timer)) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  schedule(doc: vscode.TextDocument, edits: Edit[] | 'full'): void {
    const key = doc.uri.toString();
    let state = this.docs.get(key);
    if (!state) {
      state = { version: -1, findings: [], pending: 'full', chain: Promise.resolve() };
      this.docs.set(key, state);
    }
    state.pending = edits === 'full' || state.pending === 'full' ? 'full' : [...state.pending, ...edits];
    clearTimeout(state.timer);
    const st = state;
    const run = () => {
      st.timer = undefined;
      const p = st.chain
        .then(() => this.lint(doc))
        .catch((e: unknown) => this.log.error(`Secret check of ${doc.uri.fsPath} failed: ${String(e)}`))
        .finally(() => this.running.delete(p));
      st.chain = p;
      this.running.add(p);
    };
    state.timer = setTimeout(run, edits === 'full' ? 0 : DEBOUNCE_MS);
  }

  private async lint(doc: vscode.TextDocument): Promise<void> {
    const state = this.docs.get(doc.uri.toString());
    if (!state) return;
    const s = readScanSettings();
    if (!s.enabled || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) {
      this.collection.delete(doc.uri);
      return;
    }
    const file = this.contextOf(doc.uri);
    if (s.skipIgnored && doc.uri.scheme === 'file' && (await this.gitIgnore.isIgnored(doc.uri.fsPath))) {
      // An ignored .env file is still read by the bundler: it is checked for secrets under public names.
      if (!isEnvFile(file.path)) {
        this.collection.delete(doc.uri);
        state.findings = [];
        return;
      }
      file.ignored = true;
    }
    const full = doc.getText();
    const capped = full.length > s.maxChars;
    const text = capped ? full.slice(0, s.maxChars) : full;
    const edits = state.pending;
    state.pending = [];
    const incremental = !(edits === 'full' || capped || state.version < 0);
    const version = doc.version;
    const outcome = await this.scanner.scan({
      text,
      knownSecrets: this.known(),
      file,
      ...(incremental && state.ignored === file.ignored ? { previous: state.findings, edits } : {}),
    });
    if (this.docs.get(doc.uri.toString()) !== state) return; // closed meanwhile
    if (outcome.kind === 'over-budget') {
      // The next lint starts from scratch; the note says why nothing is shown.
      state.findings = [];
      state.version = -1;
      this.log.warn(`Secret check of ${doc.uri.fsPath} stopped after ${outcome.budgetMs} ms`);
      this.collection.set(doc.uri, [this.diagnostics.overBudgetNote(outcome.budgetMs)]);
      return;
    }
    state.findings = outcome.findings;
    state.version = version;
    state.ignored = file.ignored;
    const out = state.findings.map((f) =>
      this.diagnostics.forFinding(
        new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)),
        f,
        this.judge(doc.uri, f.ruleId, text.slice(f.start, f.end)),
      ),
    );
    if (capped) out.push(this.diagnostics.sizeCapNote(s.maxChars));
    this.collection.set(doc.uri, out);
  }

  /** Where a document sits, for the rules that depend on it: its path in its folder, its project's public prefixes. */
  contextOf(uri: vscode.Uri): FileContext {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (uri.scheme !== 'file' || !folder) return { path: baseName(uri.path) };
    const key = folder.uri.toString();
    let projects = this.projects.get(key);
    if (!projects) {
      projects = new ProjectConfigs(folder.uri.fsPath);
      this.projects.set(key, projects);
    }
    return {
      path: vscode.workspace.asRelativePath(uri, false),
      publicPrefixes: projects.publicPrefixesFor(uri.fsPath),
    };
  }
}
