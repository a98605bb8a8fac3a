// Conformance with Python's Jinja2: renders every case of test/jinja/cases/ and compares it
// with the output Jinja2 3.1 produced (test/jinja/expected/, made by test/jinja/generate.py).
// Cases where Jinja2 raises must raise a located TemplateError whose message matches the
// reviewed golden file `<name>.ours` (written by test/jinja/record-errors.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Environment, TemplateError } from './index.js';

const corpus = fileURLToPath(new URL('../../../test/jinja/', import.meta.url));

interface CaseOptions {
  context?: Record<string, unknown>;
  strict?: boolean;
  templates?: Record<string, string>;
}

/** What Jinja2 raised: its exception line, and where it said the error was. */
interface ExpectedError {
  python: string;
  file?: string;
  line?: number;
}

function readCase(area: string, name: string) {
  const base = join(corpus, 'cases', area, name);
  const expectedBase = join(corpus, 'expected', area, name);
  const options: CaseOptions = existsSync(`${base}.json`) ? (JSON.parse(readFileSync(`${base}.json`, 'utf8')) as CaseOptions) : {};
  return {
    source: readFileSync(`${base}.jinja`, 'utf8'),
    options,
    out: existsSync(`${expectedBase}.out`) ? readFileSync(`${expectedBase}.out`, 'utf8') : undefined,
    err: existsSync(`${expectedBase}.err`) ? parseErr(readFileSync(`${expectedBase}.err`, 'utf8')) : undefined,
    ours: existsSync(`${expectedBase}.ours`) ? readFileSync(`${expectedBase}.ours`, 'utf8').replace(/\n$/, '') : undefined,
  };
}

function parseErr(text: string): ExpectedError {
  const [python = '', ...rest] = text.split('\n');
  const expected: ExpectedError = { python };
  for (const line of rest) {
    const m = /^(file|line): (.*)$/.exec(line);
    if (m?.[1] === 'file') expected.file = m[2];
    if (m?.[1] === 'line') expected.line = Number(m[2]);
  }
  return expected;
}

type Mode = 'closures' | 'js';

function render(source: string, options: CaseOptions, filename: string, mode: Mode): string {
  const templates = options.templates ?? {};
  const env = new Environment({
    compileMode: mode,
    undefinedBehavior: options.strict ? 'strict' : 'lenient',
    loader: (name: string) => {
      const text = templates[name];
      return text === undefined ? undefined : { source: text, filename: name };
    },
  });
  return env.renderString(source, structuredClone(options.context ?? {}), filename);
}

/** Shows a string with its invisible characters, one source line per output line. */
function visible(line: string): string {
  return JSON.stringify(line).slice(1, -1);
}

/** A line diff (longest common subsequence) of expected vs actual, with whitespace made visible. */
function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${visible(a[i]!)}`);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${visible(b[j]!)}`);
      j++;
    } else {
      out.push(`- ${visible(a[i]!)}`);
      i++;
    }
  }
  return out.join('\n');
}

// Jinja2 reports "unexpected end" errors at the line where the last token began, an
// artifact of its lexer; for those only the presence of a line is checked.
function lineIsArtifact(python: string): boolean {
  return /^TemplateSyntaxError: (Unexpected end of template|Missing end of)/.test(python);
}

function listCases(): Array<[string, string]> {
  const cases: Array<[string, string]> = [];
  const root = join(corpus, 'cases');
  for (const area of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, area)).sort()) {
      if (file.endsWith('.jinja')) cases.push([area, file.slice(0, -'.jinja'.length)]);
    }
  }
  return cases;
}

const cases = listCases();

test('the corpus holds the cases and their expectations', () => {
  assert.ok(cases.length >= 320, `only ${cases.length} cases`);
  for (const [area, name] of cases) {
    const c = readCase(area, name);
    assert.ok((c.out === undefined) !== (c.err === undefined), `${area}/${name}: needs exactly one of .out/.err`);
  }
});

// both back ends must render every case identically: closures (templates run once) and
// generated JavaScript (hot templates)
for (const mode of ['closures', 'js'] as const) for (const [area, name] of cases) {
  test(`${mode === 'js' ? '[js] ' : ''}${area}/${name}`, () => {
    const c = readCase(area, name);
    const filename = `${area}/${name}.jinja`;
    if (c.out !== undefined) {
      const actual = render(c.source, c.options, filename, mode);
      if (actual !== c.out) {
        assert.fail(`rendered output differs from Jinja2 (- expected, + actual):\n${lineDiff(c.out, actual)}`);
      }
      return;
    }
    const expected = c.err!;
    let thrown: unknown;
    let rendered: string | undefined;
    try {
      rendered = render(c.source, c.options, filename, mode);
    } catch (err) {
      thrown = err;
    }
    if (thrown === undefined) {
      assert.fail(`Jinja2 raises "${expected.python}" but the engine rendered:\n${rendered}`);
    }
    if (!(thrown instanceof TemplateError)) {
      const detail = thrown instanceof Error ? `${thrown.name}: ${thrown.message}\n${thrown.stack}` : String(thrown);
      assert.fail(`expected a TemplateError (Jinja2 raises "${expected.python}"), got ${detail}`);
    }
    const d = thrown.diagnostic;
    const where = `${d.location?.file}:${d.location?.line}`;
    assert.ok(d.location?.file, `error has no file: ${d.message}`);
    assert.ok(typeof d.location.line === 'number' && d.location.line >= 1, `error has no line: ${d.message}`);
    assert.equal(d.location.file, expected.file ?? filename, `error located in the wrong file (${where}); Jinja2: ${expected.python}`);
    if (expected.line !== undefined && !lineIsArtifact(expected.python)) {
      assert.equal(d.location.line, expected.line, `error located on the wrong line (${where}); Jinja2: ${expected.python}`);
    }
    if (c.ours === undefined) {
      assert.fail(`no golden message yet; review this one and record it with test/jinja/record-errors.mjs:\n${d.message}`);
    }
    assert.equal(d.message, c.ours, `message differs from the reviewed golden (Jinja2: ${expected.python})`);
  });
}
