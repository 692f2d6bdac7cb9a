import * as vscode from 'vscode';

/** Which status bar item: its id, its name in the status bar's menu, its click command, its place. */
export interface StatusItemSpec {
  id: string;
  name: string;
  command: string;
  /** Higher is further left. */
  priority: number;
}

/** What the item shows; `undefined` from the render function hides it. */
export interface StatusView {
  text: string;
  tooltip: string;
  backgroundColor?: vscode.ThemeColor | undefined;
  accessibilityInformation?: vscode.AccessibilityInformation | undefined;
}

/**
 * A status bar item on the left showing what `render` returns, rendered now and again on each
 * event `subscribe` listens to. Disposing it disposes the item and those listeners.
 */
export function createStatusItem(
  spec: StatusItemSpec,
  subscribe: (update: () => void) => readonly { dispose(): unknown }[],
  render: () => StatusView | undefined,
): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(spec.id, vscode.StatusBarAlignment.Left, spec.priority);
  item.name = spec.name;
  item.command = spec.command;
  const update = () => {
    const view = render();
    if (!view) {
      item.hide();
      return;
    }
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.backgroundColor;
    item.accessibilityInformation = view.accessibilityInformation;
    item.show();
  };
  update();
  const subs = subscribe(update);
  return {
    dispose: () => {
      for (const s of subs) s.dispose();
      item.dispose();
    },
  };
}
