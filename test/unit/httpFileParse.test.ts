// The .http / .rest parser (issue 21): the format REST Client, httpYac and JetBrains' HTTP Client
// share, their documented examples, a file from a hostile repository (nothing evaluated or read, all
// reported), bounded variable expansion, linear time, and random fragments that never make it throw.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_HTTP_FILE_REQUESTS, parseHttpFile } from '../../src/core/httpFile/parse';
import type { HttpFile, HttpFileRequest } from '../../src/core/httpFile/types';
import { rng } from './fixtures';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const fixed = { now: () => NOW, uuid: () => '00000000-0000-4000-8000-000000000000', randomInt: (min: number) => min };
const parse = (text: string) => parseHttpFile(text, fixed);
const only = (f: HttpFile): HttpFileRequest => {
  assert.equal(f.requests.length, 1, JSON.stringify(f));
  return f.requests[0] as HttpFileRequest;
};
const whats = (r: { unsupported?: { what: string }[] }) => (r.unsupported ?? []).map((u) => u.what).join('\n');
const messages = (r: { problems?: { message: string }[] }) => (r.problems ?? []).map((p) => p.message).join('\n');

describe('parseHttpFile: requests', () => {
  it('reads the three request line forms (REST Client README)', () => {
    const f = parse(
      'GET https://example.com/comments/1 HTTP/1.1\n\n###\nPOST https://example.com/comments/1\n\n###\nhttps://example.com/comments/1\n',
    );
    assert.deepEqual(
      f.requests.map((r) => [r.method, r.url, r.line]),
      [
        ['GET', 'https://example.com/comments/1', 1],
        ['POST', 'https://example.com/comments/1', 4],
        ['GET', 'https://example.com/comments/1', 7],
      ],
    );
    assert.deepEqual(f.problems, []);
    assert.equal(parse('get https://x.test/ http/2\n').requests[0]?.method, 'GET');
  });

  it('appends ?/& query lines (REST Client) and indented path lines (JetBrains) to the URL', () => {
    const r = only(parse('GET https://example.com/comments\n    ?page=2\n    &pageSize=10\nAccept: */*\n'));
    assert.equal(r.url, 'https://example.com/comments?page=2&pageSize=10');
    assert.deepEqual(r.headers, [{ name: 'Accept', value: '*/*' }]);
    const j = only(
      parse(
        '// Using line breaks with indent\nGET http://example.com:8080\n    /api\n    /html\n    /get\n    ?id=123\n    &value=content\n',
      ),
    );
    assert.equal(j.url, 'http://example.com:8080/api/html/get?id=123&value=content');
    assert.equal(only(parse('GET https://x.test/a HTTP/1.1\n  ?b=1\n')).url, 'https://x.test/a?b=1');
  });

  it('reads headers until the first blank line, then the body exactly (CRLF made LF, trailing blank lines cut)', () => {
    const text = [
      'POST https://example.com/comments HTTP/1.1',
      'Content-Type: application/xml',
      '# a comment between headers',
      '// another',
      'Authorization: token xxx',
      '',
      '',
      '<request>',
      '    <name>sample</name>  ',
      '# kept: inside the body',
      '    <time>Wed, 21 Oct 2015 18:27:50 GMT</time>',
      '</request>',
      '',
      '',
    ].join('\r\n');
    const r = only(parse(text));
    assert.deepEqual(r.headers, [
      { name: 'Content-Type', value: 'application/xml' },
      { name: 'Authorization', value: 'token xxx' },
    ]);
    assert.equal(
      r.body,
      '\n<request>\n    <name>sample</name>  \n# kept: inside the body\n    <time>Wed, 21 Oct 2015 18:27:50 GMT</time>\n</request>',
    );
    assert.equal(r.endLine, 14);
    assert.equal(only(parse('GET https://x.test/\nA: 1\n\n\n\n')).body, undefined);
    assert.equal(only(parse('POST https://x.test/\n\n{"a":1}\n\n# next one\n###\n')).body, '{"a":1}');
  });

  it('names requests by # @name, // @name, # @name = x, else by the text after ###', () => {
    const f = parse(
      '### Get one\nGET https://x.test/1\n\n### ignored title\n# @name two\nGET https://x.test/2\n\n###\n// @name = three\nGET https://x.test/3\n\n###\nGET https://x.test/4\n',
    );
    assert.deepEqual(
      f.requests.map((r) => r.name),
      ['Get one', 'two', 'three', undefined],
    );
  });

  it('ignores comments, harmless metadata and pasted responses; splits only at lines starting with ###', () => {
    const f = parse(
      '# @no-redirect\n# @no-cookie-jar\n// @note\n#@name tight\nGET https://x.test/a\n  ### not a separator\n\n###\nHTTP/1.1 200 OK\nContent-Type: x\n#### title\nGET https://x.test/b\n',
    );
    assert.deepEqual(
      f.requests.map((r) => [r.name, r.url, r.line]),
      [
        ['tight', 'https://x.test/a', 5],
        ['title', 'https://x.test/b', 12],
      ],
    );
    assert.equal(f.requests[0]?.body, undefined);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.unsupported, []);
  });

  it('reports an unsupported method, a method without URL, a malformed header, line breaks from variables', () => {
    const f = parse(
      'TRACE https://x.test/\n\n###\nGET\n\n###\nGET https://x.test/\nno colon here\n: empty name\nBad Name: 1\nOk: 1\n\n###\n@v = a\\r\\nX-Evil: 1\nGET https://x.test/{{v}}\nX-Inject: {{v}}\n',
    );
    assert.deepEqual(
      f.problems.map((p) => p.line),
      [1, 4, 8, 9, 10, 15, 16],
    );
    assert.match(messages(f), /TRACE is not supported/);
    assert.match(messages(f), /method and no URL/);
    assert.deepEqual(f.requests[2]?.headers, [{ name: 'Ok', value: '1' }]);
    assert.deepEqual(f.requests[3]?.headers, []);
    for (const r of f.requests) assert.ok((r.problems ?? []).length > 0, `request on line ${r.line} has its problems`);
  });
});

describe('parseHttpFile: variables', () => {
  it("substitutes REST Client's file variables example, variables in variables, global to the file, last wins", () => {
    const text = [
      '@hostname = api.example.com',
      '@port = 8080',
      '@host = {{hostname}}:{{port}}',
      '@contentType = application/json',
      '@createdAt = {{$datetime iso8601}}',
      '@modifiedBy = {{$processEnv USERNAME}}',
      '',
      '###',
      '',
      '@name = hello',
      '',
      'GET https://{{host}}/authors/{{name}} HTTP/1.1',
      '',
      '###',
      '',
      'PATCH https://{{host}}/authors/{{name}} HTTP/1.1',
      'Content-Type: {{contentType}}',
      '',
      '{',
      '    "content": "foo bar",',
      '    "created_at": "{{createdAt}}",',
      '    "modified_by": "{{modifiedBy}}"',
      '}',
      '',
      '@port = 9090',
    ].join('\n');
    const f = parse(text);
    assert.deepEqual(
      f.requests.map((r) => r.url),
      ['https://api.example.com:8080/authors/hello', 'https://api.example.com:8080/authors/hello'],
    );
    // The last line is body text, not a definition: variables are read outside bodies only.
    const patch = f.requests[1] as HttpFileRequest;
    assert.deepEqual(patch.headers, [{ name: 'Content-Type', value: 'application/json' }]);
    assert.match(patch.body ?? '', /"created_at": "2026-01-02T03:04:05.678Z"/);
    assert.match(patch.body ?? '', /"modified_by": "\{\{\$processEnv USERNAME\}\}"/);
    assert.deepEqual(patch.unsupported, [
      { line: 6, what: 'reads an environment variable (not evaluated): {{$processEnv USERNAME}}' },
    ]);
    assert.deepEqual(f.requests[0]?.unsupported, [], 'a variable that is not used is not reported');
    const last = parse('GET https://{{h}}/\n\n###\n@h = one\n###\n@h = two\n');
    assert.equal(last.requests[0]?.url, 'https://two/');
  });

  it('reads escapes in values, {{%x}} URL-encodes, spaces inside braces are allowed', () => {
    const r = only(parse('@q = a b&c\n@t = x\\ty\\\\n\nGET https://x.test/?q={{%q}}&r={{ q }}\nT: {{t}}\n'));
    assert.equal(r.url, 'https://x.test/?q=a%20b%26c&r=a b&c');
    assert.equal(r.headers[0]?.value, 'x\ty\\n');
  });

  it('leaves an undefined variable as written, with its line; names request variables as such', () => {
    const f = parse(
      '# @name login\nPOST https://x.test/login\n\n###\nGET https://x.test/{{missing}}\nAuthorization: Bearer {{login.response.body.$.token}}\n',
    );
    const r = f.requests[1] as HttpFileRequest;
    assert.equal(r.url, 'https://x.test/{{missing}}');
    assert.equal(r.headers[0]?.value, 'Bearer {{login.response.body.$.token}}');
    assert.deepEqual(
      (r.problems ?? []).map((p) => p.line),
      [5, 6],
    );
    assert.match(messages(r), /\{\{missing\}\} is not defined/);
    assert.match(messages(r), /another request's response/);
  });

  it('substitutes $guid, $timestamp, $randomInt, $datetime and the JetBrains names, from injected sources', () => {
    const r = only(
      parse(
        'GET https://x.test/{{$guid}}/{{$uuid}}/{{$random.uuid}}?t={{$timestamp}}&y={{$timestamp -1 d}}&n={{$randomInt 5 10}}&m={{$randomInt}}\nD: {{$datetime rfc1123}}\nE: {{$datetime iso8601 1 M}}\nI: {{$isoTimestamp}}\n',
      ),
    );
    const u = '00000000-0000-4000-8000-000000000000';
    assert.equal(
      r.url,
      `https://x.test/${u}/${u}/${u}?t=${Math.floor(NOW / 1000)}&y=${Math.floor(NOW / 1000) - 86_400}&n=5&m=0`,
    );
    assert.deepEqual(
      r.headers.map((h) => h.value),
      ['Fri, 02 Jan 2026 03:04:05 GMT', '2026-02-02T03:04:05.678Z', '2026-01-02T03:04:05.678Z'],
    );
    assert.deepEqual(r.problems, []);
    const real = only(parseHttpFile('GET https://x.test/{{$guid}}?n={{$randomInt 1 3}}\n'));
    assert.match(real.url, /^https:\/\/x\.test\/[0-9a-f-]{36}\?n=[12]$/);
    const bad = only(
      parse('GET https://x.test/{{$randomInt 5}}/{{$randomInt 9 1}}/{{$timestamp 1 parsec}}/{{$guid x}}\n'),
    );
    assert.equal(bad.url, 'https://x.test/{{$randomInt 5}}/{{$randomInt 9 1}}/{{$timestamp 1 parsec}}/{{$guid x}}');
    assert.equal(bad.problems?.length, 4);
    assert.equal(only(parse('GET https://x.test/{{$datetime iso8601 99999999999 y}}\n')).problems?.length, 1);
    const custom = only(parse('GET https://x.test/{{$datetime "DD-MM-YYYY"}}/{{$random.integer(1, 9)}}\n'));
    assert.equal(custom.url, 'https://x.test/{{$datetime "DD-MM-YYYY"}}/{{$random.integer(1, 9)}}');
    assert.deepEqual(
      custom.unsupported.map((u) => u.what.split(':')[0]),
      [
        'a system variable this tool does not evaluate (not evaluated)',
        'a system variable this tool does not evaluate (not evaluated)',
      ],
    );
  });

  it('stops a self-referencing, a mutual, a too deep and an exponential variable, quickly, with a problem', () => {
    const self = only(parse('@a = x{{a}}\nGET https://x.test/{{a}}\n'));
    assert.equal(self.url, 'https://x.test/x{{a}}');
    assert.match(messages(self), /refers to itself \(a → a\)/);
    assert.match(messages(only(parse('@a = {{b}}\n@b = {{a}}\nGET https://x.test/{{a}}\n'))), /a → b → a/);

    const chain = Array.from({ length: 20 }, (_, i) => `@v${i} = ${i}{{v${i + 1}}}`).join('\n');
    const deep = only(parse(`${chain}\nGET https://x.test/{{v0}}\n`));
    assert.match(messages(deep), /nest more than 10 deep/);
    assert.ok(deep.url.startsWith('https://x.test/0123456789'));

    // 1000 references per level, 30 levels: 1000^30 characters if nothing stopped it.
    const wide = (i: number) => `{{e${i}}}`.repeat(1000);
    const levels = Array.from({ length: 30 }, (_, i) => `@e${i + 1} = ${wide(i)}`).join('\n');
    for (const leaf of ['x', '']) {
      const t0 = performance.now();
      const r = only(parse(`@e0 = ${leaf}\n${levels}\nGET https://x.test/{{e30}}\nA: {{e30}}\n\n{{e30}}\n`));
      const ms = performance.now() - t0;
      assert.match(messages(r), /more than 1 MB|more than 10 deep/);
      assert.equal(r.url, 'https://x.test/{{e30}}', 'left as written');
      assert.ok(ms < 5000, `${ms} ms`);
    }
  });

  it('bounds the whole file: many requests using a large variable stop at 16 MB of expansion', () => {
    const big = `@big = ${'x'.repeat(1000)}\n@huge = ${'{{big}}'.repeat(900)}\n`;
    const f = parse(big + Array.from({ length: 40 }, () => 'POST https://x.test/\n\n{{huge}}\n').join('###\n'));
    assert.equal(f.requests.length, 40);
    const expanded = f.requests.filter((r) => r.body !== '{{huge}}').length;
    assert.ok(expanded >= 16 && expanded <= 19, `${expanded} requests expanded`);
    assert.match(messages(f), /more than 16 MB in this file/);
  });
});

describe('parseHttpFile: nothing is evaluated or read', () => {
  it('a file from a hostile repository: everything reported, nothing run, read or substituted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-httpfile-'));
    const secretFile = path.join(dir, 'marker.txt');
    fs.writeFileSync(secretFile, 'MARKER-FROM-DISK');
    const g = globalThis as { pwned?: unknown };
    try {
      const text = [
        '# @import ./other.http',
        '{{',
        '  globalThis.pwned = "global script";',
        '}}',
        '###',
        '# @prompt otp One-time password',
        '# @ref login',
        '# @forceRef login',
        '# @loop for 3',
        '< {% globalThis.pwned = "pre-request"; %}',
        'POST https://api.helcim.com/v2/payment/purchase?h={{$processEnv HOME}}',
        'X-Shell: {{$shell rm -rf ~}}',
        'X-Js: {{ require("child_process").execSync("id") }}',
        'X-Js2: {{ (globalThis.pwned = "expression") }}',
        'X-Env: {{$dotenv HELCIM_API_TOKEN}}',
        'X-Aad: {{$aadToken}}',
        'X-Other: {{$localDatetime iso8601}}',
        '',
        `< ${secretFile}`,
        `<@latin1 ${secretFile}`,
        '',
        '> {%',
        '  client.global.set("token", response.body.token);',
        '%}',
        '> ./handler.js',
        `>>! ${path.join(dir, 'out.json')}`,
        '?? status == 200',
        '<> previous.200.json',
      ].join('\n');
      const f = parseHttpFile(text);
      const r = only(f);
      assert.equal(g.pwned, undefined);
      assert.equal(r.body, undefined, 'file references and scripts are not body');
      assert.doesNotMatch(JSON.stringify(f), /MARKER-FROM-DISK/);
      assert.equal(fs.existsSync(path.join(dir, 'out.json')), false);
      assert.equal(r.url, 'https://api.helcim.com/v2/payment/purchase?h={{$processEnv HOME}}');
      assert.equal(r.headers.find((h) => h.name === 'X-Shell')?.value, '{{$shell rm -rf ~}}');
      const expected: [number, RegExp][] = [
        [1, /reads another file.*@import/],
        [2, /httpYac script block.*globalThis\.pwned/],
        [6, /asks for input.*@prompt/],
        [7, /runs another request.*@ref login/],
        [8, /runs another request.*@forceRef/],
        [9, /repeats the request/],
        [10, /pre-request script/],
        [11, /reads an environment variable.*\$processEnv HOME/],
        [12, /runs a shell command.*\$shell rm -rf ~/],
        [13, /JavaScript expression.*child_process/],
        [14, /JavaScript expression.*globalThis\.pwned/],
        [15, /reads a \.env file.*\$dotenv HELCIM_API_TOKEN/],
        [16, /Azure AD/],
        [17, /local time zone/],
        [19, /body read from a file.*marker\.txt/],
        [20, /body read from a file.*<@latin1/],
        [22, /response handler script.*client\.global\.set/],
        [25, /response handler script file.*handler\.js/],
        [26, /saves the response to a file/],
        [27, /httpYac assertion/],
      ];
      assert.deepEqual(
        r.unsupported.map((u) => u.line),
        expected.map(([line]) => line),
        whats(r),
      );
      expected.forEach(([, re], i) => assert.match(r.unsupported[i]?.what ?? '', re));
      assert.deepEqual(f.unsupported, r.unsupported);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a global part (no request) makes its scripts apply to every request', () => {
    const f = parse('GET https://x.test/1\n\n###\n{{\n  exports.a = 1;\n}}\n###\nGET https://x.test/2\n');
    assert.deepEqual(
      f.requests.map((r) => r.unsupported.map((u) => u.line)),
      [[4], [4]],
    );
  });

  it('imports nothing that runs code or reads the machine (the parser and every module it reaches)', () => {
    const dir = path.resolve(__dirname, '..', '..', 'src', 'core', 'httpFile');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const imports = [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const m of imports) {
        assert.ok(m === 'node:crypto' || m === '../errors' || m?.startsWith('./'), `${file}: ${m}`);
        if (m?.startsWith('./')) visit(`${m.slice(2)}.ts`);
      }
    };
    visit('parse.ts');
    assert.ok(seen.size >= 3, [...seen].join(', '));
  });
});

describe('parseHttpFile: limits and time', () => {
  it('refuses a file over 5 MB with one problem and no requests', () => {
    const f = parseHttpFile(`GET https://x.test/\n\n${'x'.repeat(5 * 1024 * 1024)}`);
    assert.deepEqual(f.requests, []);
    assert.equal(f.problems.length, 1);
    assert.match(f.problems[0]?.message ?? '', /larger than 5 MB/);
  });

  it(`reads at most ${MAX_HTTP_FILE_REQUESTS} requests`, () => {
    const f = parse(Array.from({ length: 1200 }, (_, i) => `GET https://x.test/${i}\n`).join('###\n'));
    assert.equal(f.requests.length, MAX_HTTP_FILE_REQUESTS);
    assert.equal(f.problems.length, 1);
    assert.equal(f.problems[0]?.line, 2001);
    assert.match(f.problems[0]?.message ?? '', /More than 1000 requests/);
  });

  /** Best of a few timings of parsing `make(n)`, in ms. */
  const time = (text: string, runs: number) => {
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      parse(text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  // 4x the input may cost at most 6x the time (compared against at least 5 ms: timer noise), measured
  // again with more runs before it counts: a GC pause or a busy machine must not read as quadratic.
  const shapes: Record<string, (n: number) => string> = {
    'a 2 MB URL': (n) => `GET https://x.test/${'a'.repeat(n)}\n`,
    'a 2 MB line of {{': (n) => `GET https://x.test/${'{{'.repeat(n / 2)}\n`,
    'a 2 MB line of {{{{x}}': (n) => `GET https://x.test/\n\n${'{{{{x}}'.repeat(n / 7)}\n`,
    'a 2 MB line of {{v}}': (n) => `@v = 1\nPOST https://x.test/\n\n${'{{v}}'.repeat(n / 5)}\n`,
    'a 2 MB line of {{$guid}}': (n) => `POST https://x.test/\n\n${'{{$guid}}'.repeat(n / 9)}\n`,
    'a 2 MB line of {{ js }}': (n) => `POST https://x.test/\n\n${'{{ a+b }}'.repeat(n / 9)}\n`,
    'a 2 MB header of colons': (n) => `GET https://x.test/\nA${':'.repeat(n)}\n`,
    'a 2 MB line of blanks and words': (n) => `GET https://x.test/ ${'a '.repeat(n / 2)}HTTP/1.1\n`,
    'a 2 MB line of < ': (n) => `POST https://x.test/\n\n<@${'a'.repeat(n)}\n`,
    'a 2 MB line of @': (n) => `${'@'.repeat(n)}\nGET https://x.test/\n`,
    'a 2 MB comment of #': (n) => `${'#'.repeat(n)} @name\nGET https://x.test/\n`,
    '10,000 ### lines': (n) => '###\n'.repeat(n / 200),
    '10,000 requests (1000 read)': (n) => 'GET https://x.test/\n###\n'.repeat(n / 200),
    '10,000 unclosed scripts': (n) => 'POST https://x.test/\n\n> {%\n'.repeat(n / 200),
    '10,000 ?-lines': (n) => `GET https://x.test/\n${'  ?a=1\n'.repeat(n / 200)}`,
  };
  for (const [name, make] of Object.entries(shapes)) {
    it(`linear time: ${name}`, () => {
      const [small, large] = [512_000, 2_048_000];
      let complaint = '';
      for (const runs of [1, 3]) {
        const ts = time(make(small), runs);
        const tl = time(make(large), runs);
        const ratio = tl / Math.max(ts, 5);
        if (tl < 1000 && ratio <= 6) return;
        complaint = `${ts.toFixed(1)} ms → ${tl.toFixed(1)} ms (${ratio.toFixed(1)}x)`;
      }
      assert.fail(`4x the input took more than 6x the time, or over 1 s: ${complaint}`);
    });
  }
});

describe('parseHttpFile: fuzz', () => {
  const FRAGMENTS = [
    '###',
    '### title',
    '#',
    '# @name x',
    '// @name = y',
    '# @prompt p',
    '# @ref x',
    '@',
    '@a',
    '@a =',
    '@a = {{b}}',
    '@b = {{a}}{{a}}',
    '@c = \\',
    '@d = {{$guid}}',
    'GET',
    'GET https://x.test/{{a}}',
    'POST {{c}}',
    'https://x.test',
    'FOO bar',
    'HTTP/1.1 200',
    '  ?q=1',
    '&r=2',
    '  /p',
    'A: 1',
    ':',
    'A',
    'Héader: ü',
    '',
    ' ',
    '\t',
    '\r',
    '\r\n',
    '{{',
    '}}',
    '{{ a }}',
    '{{$randomInt}}',
    '{{$randomInt 1 2}}',
    '{{$randomInt 9999999999999999 1}}',
    '{{$timestamp 1 Q}}',
    '{{$datetime',
    'iso8601}}',
    '{{$datetime rfc1123 -99999999 y}}',
    '{{$processEnv X}}',
    '{{%a}}',
    '{{%}}',
    '{{x.response.body}}',
    '> {%',
    '%}',
    '> {% a %}',
    '>>',
    '<',
    '< ./f',
    '<@ f',
    '<>',
    '< {%',
    '??',
    '{"a":{{a}}}',
    '\u0000',
    '\ufeff',
    '\u2028',
    '{{{{}}}}',
    'GET https://x.test/ HTTP/1.1 HTTP/2',
    '@s = \ud800',
    '{{%s}}',
  ];
  it('never throws on random fragments, and its lines stay within the file', () => {
    const r = rng(21);
    for (let n = 0; n < 3000; n++) {
      const parts = Array.from({ length: 1 + r.int(30) }, () => r.pick(FRAGMENTS));
      const text = parts.join(r.pick(['\n', '\r\n', '', ' ']));
      let f: HttpFile | undefined;
      assert.doesNotThrow(() => (f = parseHttpFile(text)), JSON.stringify(text));
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const q of f?.requests ?? []) {
        assert.ok(q.line >= 1 && q.line <= (q.endLine ?? 0) && (q.endLine ?? 0) <= lines, JSON.stringify(text));
        assert.ok([...q.unsupported, ...(q.problems ?? [])].every((p) => p.line >= 1 && p.line <= lines));
      }
      assert.ok([...(f?.problems ?? []), ...(f?.unsupported ?? [])].every((p) => p.line >= 1 && p.line <= lines));
    }
  });
});
