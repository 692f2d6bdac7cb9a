import { providerOwningRule } from '../providers/registry';

/** Comment syntax by VS Code language id, for ignore comments. */
const LINE_COMMENT: Record<string, string> = {
  javascript: '//',
  typescript: '//',
  javascriptreact: '//',
  typescriptreact: '//',
  java: '//',
  kotlin: '//',
  go: '//',
  c: '//',
  cpp: '//',
  csharp: '//',
  swift: '//',
  rust: '//',
  php: '//',
  scala: '//',
  dart: '//',
  jsonc: '//',
  python: '#',
  ruby: '#',
  shellscript: '#',
  yaml: '#',
  dotenv: '#',
  properties: '#',
  toml: '#',
  perl: '#',
  r: '#',
  dockerfile: '#',
  makefile: '#',
  powershell: '#',
  elixir: '#',
  ini: ';',
  sql: '--',
  lua: '--',
  haskell: '--',
};

/**
 * The comment that silences a finding on its line, in the language's syntax; undefined when the
 * language has no line comment (JSON).
 */
export function ignoreComment(languageId: string): string | undefined {
  if (languageId === 'html' || languageId === 'xml' || languageId === 'markdown') return '<!-- payapi-ignore -->';
  if (languageId === 'css' || languageId === 'scss' || languageId === 'less') return '/* payapi-ignore */';
  const c = LINE_COMMENT[languageId];
  return c ? `${c} payapi-ignore` : undefined;
}

/** How each language reads an environment variable, as an expression to put where the literal was. */
export function envLookup(languageId: string, name: string): string | undefined {
  switch (languageId) {
    case 'javascript':
    case 'typescript':
    case 'javascriptreact':
    case 'typescriptreact':
      return `process.env.${name}`;
    case 'python':
      return `os.environ["${name}"]`;
    case 'php':
      return `getenv('${name}')`;
    case 'ruby':
      return `ENV['${name}']`;
    case 'go':
      return `os.Getenv("${name}")`;
    case 'java':
    case 'kotlin':
      return `System.getenv("${name}")`;
    case 'shellscript':
    case 'dotenv':
      return `$${name}`;
    case 'csharp':
      return `Environment.GetEnvironmentVariable("${name}")`;
    default:
      return undefined;
  }
}

/** An environment variable name for a rule's secret: HELCIM_API_TOKEN, STRIPE_SECRET_KEY, … */
export function envNameFor(ruleId: string): string {
  const generic: Record<string, string> = {
    'private-key-pem': 'PRIVATE_KEY',
    'private-key-jwk': 'PRIVATE_JWK',
    jwt: 'API_TOKEN',
    'known-secret': 'API_SECRET',
  };
  return providerOwningRule(ruleId)?.envVar ?? generic[ruleId] ?? ruleId.replace(/-/g, '_').toUpperCase();
}

/**
 * Where the quoted literal around [start, end) begins and ends (the quotes included), so that
 * `'secret'` is replaced by `process.env.X` rather than `'process.env.X'`. Undefined when the
 * secret is not a whole quoted string.
 */
export function quotedSpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const q = text[start - 1];
  if ((q === '"' || q === "'" || q === '`') && text[end] === q) return { start: start - 1, end: end + 1 };
  return undefined;
}

/** Appends `NAME=value` to .env text (quoting when needed), keeping its last line break. */
export function appendEnv(envText: string, name: string, value: string): string {
  const needsQuotes = /[\s#"'$\\]/.test(value);
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const line = `${name}=${needsQuotes ? `"${escaped}"` : value}`;
  const sep = envText === '' || envText.endsWith('\n') ? '' : '\n';
  return `${envText}${sep}${line}\n`;
}

/** Whether a .gitignore already ignores `.env` at the root (a plain line; negations respected). */
export function gitignoreCoversEnv(gitignore: string): boolean {
  let covered = false;
  for (const raw of gitignore.split(/\r?\n/)) {
    const l = raw.trim();
    if (/^\/?\.env\*?$|^\.env$|^\*\*\/\.env$/.test(l)) covered = true;
    if (/^!\/?\.env$/.test(l)) covered = false;
  }
  return covered;
}
/** The lines `git filter-repo --replace-text` needs to erase a secret (a PEM key line by line). */
export function replacementLines(secret: string): string[] {
  const lines = secret.includes('-----BEGIN')
    ? secret.split(/\r?\n|\\n/).filter((l) => /^[A-Za-z0-9+/=]{16,}$/.test(l.trim()))
    : [secret];
  return lines.map((l) => `${l.trim()}==>***REMOVED***`);
}
