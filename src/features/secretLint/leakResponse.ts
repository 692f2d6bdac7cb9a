import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { mask } from '../../core/mask';
import { LiveCache, type LiveResult, describeCalls, planLiveCheck } from '../../core/providers/liveness';
import { newSalt, secretHash } from '../../core/scanner/fingerprint';
import { type CommitRef, commitsAdding } from '../../core/scanner/history';
import { replacementLines } from '../../core/scanner/fixes';
import { ruleById } from '../../core/scanner/rules';
import { readConnectionSettings, readLiveBaseUrls } from '../../host/config';
import { gitRepositoryFor } from '../../host/gitAccess';
import type { Prompts } from '../accounts/prompts';
import type { BaselineStore } from './baselineStore';
import { validator } from '../accounts/addAccountFlow';

export interface LeakResponseDeps {
  log: Logger;
  prompts: () => Prompts;
  baseline: BaselineStore;
  /** Called when a verdict is learnt, so diagnostics can say it. */
  onVerdict: () => void;
}

type Step = 'rotate' | 'live' | 'filterRepo' | 'baseline';

/**
 * "Is it live?" and "Respond to a leak": opt-in, trusted workspaces only, the call shown before it
 * is made. Verdicts are kept for this session under a salted hash (never the secret).
 */
export class LeakResponse {
  private readonly salt = newSalt();
  private readonly verdicts = new LiveCache();

  constructor(private readonly deps: LeakResponseDeps) {}

  /** What was learnt about a secret this session, if anything. */
  verdictFor(ruleId: string, secret: string): LiveResult | undefined {
    return this.verdicts.get(secretHash(this.salt, ruleId, secret));
  }

  /** Asks the provider, after the user's go, whether the secret at `range` is live. */
  async checkLive(uri: vscode.Uri, range: vscode.Range, ruleId: string): Promise<LiveResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('"Is it live?" runs only in trusted workspaces: trust this folder first.');
      return undefined;
    }
    const secret = (await vscode.workspace.openTextDocument(uri)).getText(range);
    const prompts = this.deps.prompts();
    const baseUrls = readLiveBaseUrls();
    let plan = await planLiveCheck(ruleId, secret, { baseUrls });
    if ('needsInstance' in plan) {
      const { question, providerId } = plan;
      const title = `Is it live? (${plan.provider} key)`;
      const id = await prompts.input({
        title,
        prompt: question.prompt,
        validate: validator((v) => question.validate(v)),
      });
      if (!id) return undefined;
      const environment = await prompts.pick(
        [
          { label: 'sandbox', value: 'sandbox' as const },
          { label: 'production', value: 'production' as const },
        ],
        { title, placeholder: 'Which environment?' },
      );
      if (!environment) return undefined;
      plan = await planLiveCheck(ruleId, secret, {
        baseUrls,
        instances: { [providerId]: { instanceId: question.validate(id), environment } },
      });
    }
    if ('unsupported' in plan || 'needsInstance' in plan) {
      if ('unsupported' in plan) void vscode.window.showInformationMessage(plan.unsupported);
      return undefined;
    }
    const go = await prompts.confirm(
      `Check whether this ${plan.provider} secret (${mask(secret)}) is live? ` + describeCalls(plan),
      `The secret is sent only to that address, as ${plan.provider} expects it; nothing changes on the account. ` +
        'The answer is kept for this session.',
      'Make the Call',
    );
    if (!go) return undefined;
    const { settings } = readConnectionSettings();
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Asking ${plan.provider}: ${plan.method} ${plan.url}` },
      () => plan.run({ timeoutMs: settings.timeoutMs, proxy: settings.proxy }),
    );
    this.verdicts.set(secretHash(this.salt, ruleId, secret), r);
    this.deps.log.info(`Is it live? ${plan.provider} secret ${mask(secret)}: ${r.verdict} (${r.reason})`);
    this.deps.onVerdict();
    const show =
      r.verdict === 'live'
        ? vscode.window.showErrorMessage
        : r.verdict === 'rejected'
          ? vscode.window.showInformationMessage
          : vscode.window.showWarningMessage;
    void show(r.message);
    return r;
  }

  /** The leak checklist: rotate, confirm the old secret is dead, rewrite history, accept in the baseline. */
  async respond(uri: vscode.Uri, range: vscode.Range, ruleId: string): Promise<Step[]> {
    const secret = (await vscode.workspace.openTextDocument(uri)).getText(range);
    // No git in untrusted workspaces or outside the workspace folders: the history is then not read.
    const repo = gitRepositoryFor(uri);
    let commits: CommitRef[] = [];
    if (repo) {
      try {
        commits = await commitsAdding(repo, path.relative(repo.top, uri.fsPath).split(path.sep).join('/'), secret);
      } catch (e) {
        this.deps.log.warn(`Could not read the history of ${uri.fsPath}: ${describeError(e)}`);
      }
    }
    const first = commits.at(-1);
    const title = first
      ? `This secret is in git history: added in ${first.commit} by ${first.author} (${commits.length} commit${
          commits.length === 1 ? '' : 's'
        }). Rotate it, then clean up.`
      : 'This secret is in no commit yet: remove it before committing. If it was shared elsewhere, rotate it.';
    const done: Step[] = [];
    for (;;) {
      const mark = (s: Step) => (done.includes(s) ? '$(pass-filled) ' : '$(circle-large-outline) ');
      const rotateUrl = ruleById(ruleId)?.rotateUrl;
      const items = [
        {
          label: `${mark('rotate')}1. Rotate it`,
          description: rotateUrl ?? "in the provider's dashboard, where it was issued",
          value: 'rotate' as const,
        },
        { label: `${mark('live')}2. Check the old secret is dead (Is it live?)`, value: 'live' as const },
        ...(first
          ? [
              {
                label: `${mark('filterRepo')}3. Write a git filter-repo replacement file`,
                description: 'to erase it from history',
                value: 'filterRepo' as const,
              },
            ]
          : []),
        {
          label: `${mark('baseline')}4. Accept it in the baseline`,
          description: 'once it is dead',
          value: 'baseline' as const,
        },
      ];
      const step = await this.deps.prompts().pick(items, { title: 'Respond to a leak', placeholder: title });
      if (!step) return done;
      if (await this.run(step, uri, range, ruleId, secret, rotateUrl)) done.push(step);
    }
  }

  private async run(
    step: Step,
    uri: vscode.Uri,
    range: vscode.Range,
    ruleId: string,
    secret: string,
    rotateUrl: string | undefined,
  ): Promise<boolean> {
    if (step === 'rotate') {
      if (rotateUrl) return vscode.env.openExternal(vscode.Uri.parse(rotateUrl));
      void vscode.window.showInformationMessage(
        'Revoke it where it was issued, and put the new one in secret storage.',
      );
      return true;
    }
    if (step === 'live') return (await this.checkLive(uri, range, ruleId)) !== undefined;
    if (step === 'baseline') {
      await this.deps.baseline.accept(uri, ruleId, secret);
      return true;
    }
    const file = this.writeReplacementFile(secret);
    const command = `git filter-repo --replace-text "${file}"`;
    void vscode.window
      .showInformationMessage(
        `Replacement file written to ${file} (readable by you only). Run ${command} in a fresh clone, ` +
          'then force-push and delete the file.',
        'Copy Command',
      )
      .then((choice) => choice && vscode.env.clipboard.writeText(command));
    return true;
  }

  /** Writes the filter-repo replacement file into a new private temp folder; returns its path. */
  writeReplacementFile(secret: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-leak-'));
    const file = path.join(dir, 'replacements.txt');
    fs.writeFileSync(file, `${replacementLines(secret).join('\n')}\n`, { mode: 0o600 });
    this.deps.log.info(`Wrote a git filter-repo replacement file: ${file}`);
    return file;
  }
}
