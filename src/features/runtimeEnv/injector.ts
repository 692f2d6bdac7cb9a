import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Logger } from '../../core/logger';
import { decideDebugInjection } from '../../core/runtimeEnv/debugSessions';
import {
  type EnvMappingStore,
  NO_ENV,
  type ResolvedEnv,
  mergeDebugEnv,
  resolveEnv,
} from '../../core/runtimeEnv/mappings';

/**
 * Hands the mapped variables to integrated terminals (and the tasks run in them) through the
 * extension's environment variable collection, with `persistent = false` so VS Code keeps the
 * values in memory only; and through `env` to debug sessions that launch a program on this machine
 * (others only when their configuration opts in), without touching launch.json. Untrusted
 * workspaces get nothing.
 */
export class SecretInjector {
  private last: ResolvedEnv = NO_ENV;
  private readonly changed = new vscode.EventEmitter<ResolvedEnv>();
  readonly onDidApply = this.changed.event;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly mappings: EnvMappingStore,
    private readonly accounts: AccountStore,
    private readonly log: Logger,
  ) {
    collection.persistent = false;
  }

  /** What is injected now (names, for the status bar and tests; values stay in the collection). */
  get current(): ResolvedEnv {
    return this.last;
  }

  /** Re-reads the mappings and secrets and replaces the collection's contents. Calls run one after another. */
  apply(): Promise<void> {
    this.queue = this.queue.then(
      () => this.applyNow(),
      () => this.applyNow(),
    );
    return this.queue;
  }

  private async applyNow(): Promise<void> {
    const r = vscode.workspace.isTrusted ? await resolveEnv(this.mappings.read(), this.accounts) : NO_ENV;
    this.collection.clear();
    const names = Object.keys(r.values);
    for (const name of names) this.collection.replace(name, r.values[name] ?? '');
    this.collection.description = new vscode.MarkdownString(
      names.length
        ? `Payment API Toolkit: ${names.map((n) => `\`${n}\``).join(', ')} from accounts in VS Code's secret ` +
            'storage (kept in memory, never written to disk).'
        : 'Payment API Toolkit: no secrets injected.',
    );
    const was = Object.keys(this.last.values).join(',');
    if (was !== names.join(',') || r.skipped.length !== this.last.skipped.length) {
      this.log.info(
        `Terminal environment: ${names.length ? names.join(', ') : 'nothing'} injected` +
          (r.skipped.length ? `; left out: ${r.skipped.map((s) => `${s.name} (${s.why})`).join('; ')}` : ''),
      );
    }
    this.last = r;
    this.changed.fire(r);
  }

  /**
   * The debug configuration provider: adds the mapped variables to `env` of a local launch, or of a
   * configuration that opts in (decideDebugInjection); logs why a configuration got nothing.
   */
  debugProvider(): vscode.DebugConfigurationProvider {
    return {
      resolveDebugConfigurationWithSubstitutedVariables: async (_folder, config) => {
        if (!vscode.workspace.isTrusted) return config;
        const state = this.mappings.read();
        const decision = decideDebugInjection(config);
        if (!decision.inject) {
          if (state.enabled && state.mappings.length && !decision.quiet)
            this.log.info(`Debug session "${String(config.name)}": no variables from secret storage: ${decision.why}`);
          return config;
        }
        const r = await resolveEnv(state, this.accounts);
        const names = Object.keys(r.values);
        if (!names.length) return config;
        const { env, overridden } = mergeDebugEnv(config.env, r.values);
        this.log.info(
          `Debug session "${String(config.name)}": ${names.filter((n) => !overridden.includes(n)).join(', ')} from ` +
            'secret storage' +
            (overridden.length ? `; ${overridden.join(', ')} left as the configuration sets them` : ''),
        );
        return { ...config, env };
      },
    };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
