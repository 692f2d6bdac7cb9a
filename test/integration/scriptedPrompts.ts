import assert from 'node:assert/strict';
import type { PickItem, Prompts } from '../../src/features/accounts/prompts';

/** One scripted answer. `invalid` types a value, expects the field's validation to refuse it, then cancels. */
export type Answer = string | boolean | { invalid: string } | { file: string } | undefined;

/** Answers the account commands' questions from a list, in order, and records what was asked. */
export class ScriptedPrompts implements Prompts {
  readonly asked: string[] = [];
  readonly validationMessages: string[] = [];
  constructor(private readonly answers: Answer[]) {}

  private next(what: string): Answer {
    this.asked.push(what);
    assert.ok(this.answers.length > 0, `no scripted answer left for: ${what}`);
    return this.answers.shift();
  }

  get remaining(): number {
    return this.answers.length;
  }

  async pick<T>(items: PickItem<T>[], options: { title: string; placeholder: string }): Promise<T | undefined> {
    const a = this.next(`pick: ${options.placeholder}`);
    if (a === undefined) return undefined;
    const item = items.find((i) => i.value === a || i.label === a);
    assert.ok(
      item,
      `"${JSON.stringify(a)}" is not among the choices for "${options.placeholder}": ${items.map((i) => i.label).join(', ')}`,
    );
    return item.value;
  }

  async input(options: {
    prompt: string;
    password?: boolean;
    validate?: (v: string) => Promise<string | undefined>;
  }): Promise<string | undefined> {
    const a = this.next(`input: ${options.prompt}`);
    if (a === undefined) return undefined;
    if (typeof a === 'object' && 'invalid' in a) {
      const msg = await options.validate?.(a.invalid);
      assert.ok(msg, `validation accepted "${a.invalid}" for "${options.prompt}"`);
      this.validationMessages.push(msg);
      return undefined;
    }
    assert.equal(typeof a, 'string');
    const msg = await options.validate?.(a as string);
    assert.equal(msg, undefined, `validation refused the scripted answer for "${options.prompt}": ${msg ?? ''}`);
    return a as string;
  }

  async confirm(message: string): Promise<boolean> {
    const a = this.next(`confirm: ${message}`);
    return a === true;
  }

  async readFile(title: string): Promise<string | undefined> {
    const a = this.next(`file: ${title}`);
    if (a === undefined) return undefined;
    assert.ok(typeof a === 'object' && 'file' in a, 'expected a { file } answer');
    return a.file;
  }
}
