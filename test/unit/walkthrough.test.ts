import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SECRET_RULES } from '../../src/core/scanner/rules';
import { scan } from '../../src/core/scanner/scan';
import { firstRunDecision } from '../../src/features/walkthrough/firstRun';
import { Commands, ContextKeys, Walkthroughs } from '../../src/ids';

const ROOT = path.resolve(__dirname, '..', '..');

type Media =
  | { markdown: string }
  | { image: string | { light: string; dark: string }; altText: string }
  | { svg: string; altText: string };
interface Step {
  id: string;
  title: string;
  description: string;
  media: Media;
  completionEvents?: string[];
  when?: string;
}
interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: Step[];
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string; category: string }[]; walkthroughs?: Walkthrough[] };
};
const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
const walkthroughs = pkg.contributes.walkthroughs ?? [];
const steps = walkthroughs.flatMap((w) => w.steps);

/** The command ids of the `command:` links in a description (`[label](command:id)`, maybe with arguments). */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\]\(command:([^)?\s]+)/g)].map((m) => m[1] ?? '');
}

/** Every file a step's media names. */
function mediaFiles(m: Media): string[] {
  if ('markdown' in m) return [m.markdown];
  if ('svg' in m) return [m.svg];
  return typeof m.image === 'string' ? [m.image] : [m.image.light, m.image.dark];
}

describe('the Get Started walkthrough (contributes.walkthroughs)', () => {
  it('is contributed with the id the extension opens, and a command opens it', () => {
    assert.deepEqual(
      walkthroughs.map((w) => w.id),
      [Walkthroughs.getStarted],
    );
    const cmd = pkg.contributes.commands.find((c) => c.command === Commands.getStarted);
    assert.equal(`${cmd?.category}: ${cmd?.title}`, 'Payment API Toolkit: Get Started');
  });

  it('walks through adding, testing, the JWT inspector, the scan, a request and the webhook receiver, in that order', () => {
    assert.deepEqual(
      steps.map((s) => commandLinks(s.description)),
      [
        [Commands.addAccount],
        [Commands.testAllConnections],
        [Commands.openInspector],
        [Commands.scanWorkspace],
        [Commands.sendRequest],
        [Commands.startWebhookReceiver],
      ],
    );
    for (const s of steps) {
      assert.ok(s.title.length > 0 && s.title.length <= 40, s.id);
      // A short why before the link: a sentence, not just a button.
      const why = s.description.split('\n[')[0] ?? '';
      assert.ok(why.length >= 40 && why.length <= 240, `${s.id}: ${why.length} characters of why`);
    }
    assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, 'step ids are unique');
  });

  it('every command: link and every completion event names a command package.json contributes', () => {
    const texts = [...walkthroughs.map((w) => w.description), ...steps.map((s) => s.description)];
    const links = texts.flatMap(commandLinks);
    assert.ok(links.length >= 6);
    assert.deepEqual(
      links.filter((c) => !contributed.has(c)),
      [],
    );
    const contextKeys = new Set<string>(Object.values(ContextKeys));
    for (const s of steps) {
      assert.ok(s.completionEvents?.length, `${s.id} has no completion event`);
      for (const e of s.completionEvents ?? []) {
        const [kind, arg = ''] = e.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(contributed.has(arg), `${s.id}: ${e} is not a contributed command`);
        else if (kind === 'onContext') assert.ok(contextKeys.has(arg), `${s.id}: ${e} is not a context key we set`);
        else assert.fail(`${s.id}: unexpected completion event ${e}`);
      }
    }
  });

  it('every media file exists under media/ (which .vscodeignore lets into the package) and holds nothing secret', () => {
    const allowList = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(allowList.includes('!media/**'), '.vscodeignore lets media/ in');
    assert.ok(steps.length > 0, 'no walkthrough steps');
    for (const s of steps) {
      const files = mediaFiles(s.media);
      assert.ok(files.length > 0, s.id);
      for (const f of files) {
        assert.match(f, /^media\/[\w/.-]+\.(md|svg|png)$/, `${s.id}: ${f}`);
        const text = fs.readFileSync(path.join(ROOT, ...f.split('/')), 'utf8');
        assert.ok(text.length > 100, `${f} is nearly empty`);
        assert.deepEqual(
          scan(text, { rules: SECRET_RULES }).map((x) => x.ruleId),
          [],
          f,
        );
      }
      if (!('markdown' in s.media)) assert.ok(s.media.altText, `${s.id}: an image needs altText`);
    }
  });
});

describe('when the walkthrough opens by itself', () => {
  it('once, for an installed extension, in a trusted workspace; in Restricted Mode once trust is granted', () => {
    assert.equal(
      firstRunDecision({ shownBefore: false, mode: 'production', trusted: true, openOnInstall: true }),
      'open',
    );
    assert.equal(
      firstRunDecision({ shownBefore: true, mode: 'production', trusted: true, openOnInstall: true }),
      'never',
    );
    assert.equal(
      firstRunDecision({ shownBefore: false, mode: 'production', trusted: false, openOnInstall: true }),
      'whenTrusted',
    );
    assert.equal(
      firstRunDecision({ shownBefore: true, mode: 'production', trusted: false, openOnInstall: true }),
      'never',
    );
  });
  it("never when the user turned VS Code's walkthroughs on install off", () => {
    for (const trusted of [true, false])
      assert.equal(
        firstRunDecision({ shownBefore: false, mode: 'production', trusted, openOnInstall: false }),
        'never',
      );
  });
  it('never from the sources (F5, npm start) or under the extension tests', () => {
    for (const mode of ['development', 'test'] as const)
      for (const trusted of [true, false])
        assert.equal(
          firstRunDecision({ shownBefore: false, mode, trusted, openOnInstall: true }),
          'never',
          `${mode} ${trusted}`,
        );
  });
});
