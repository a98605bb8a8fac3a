import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseYaml, parseYamlQuickly, parseYamlWithLibrary, type YamlLines } from './yaml-file.js';

// The fast reader must agree with the library, values and line numbers, wherever it answers.

function sameLines(a: YamlLines, b: YamlLines, va: unknown, vb: unknown, path: string): void {
  if (typeof va !== 'object' || va === null) return;
  assert.equal(a.lineOf(va, -1), b.lineOf(vb, -1), `line of ${path}`);
  if (Array.isArray(va)) {
    va.forEach((item, i) => {
      assert.equal(a.itemLine(va, i, -1), b.itemLine(vb, i, -1), `line of ${path}[${i}]`);
      sameLines(a, b, item, (vb as unknown[])[i], `${path}[${i}]`);
    });
    return;
  }
  for (const [k, v] of Object.entries(va)) {
    assert.equal(a.keyLine(va, k, -1), b.keyLine(vb, k, -1), `line of ${path}.${k}`);
    sameLines(a, b, v, (vb as Record<string, unknown>)[k], `${path}.${k}`);
  }
}

function agree(text: string, name: string): boolean {
  let expected;
  try {
    expected = parseYamlWithLibrary(text, name);
  } catch {
    assert.equal(parseYamlQuickly(text, name), undefined, `${name}: the library rejects it, so must the fast reader`);
    return false;
  }
  const fast = parseYamlQuickly(text, name);
  if (!fast) return false;
  assert.deepEqual(fast.value, expected.value, name);
  sameLines(fast.lines, expected.lines, fast.value, expected.value, name);
  return true;
}

const SNIPPETS: string[] = [
  'version: 2\nmodels:\n  - name: a\n    description: "Model \\"a\\" \\u00e9"\n    columns:\n      - name: id\n        data_tests:\n          - unique\n          - not_null\n',
  'models:\n- name: a\n  columns:\n  - name: id\n    tests: [unique, not_null]\n- name: b\n  config: {materialized: table, tags: [x, "y z"], enabled: yes}\n',
  "a: 1\nb: -2.5\nc: 0x1F\nd: ~\ne:\nf: on\ng: 'it''s'\nh: 2024-01-01\ni: 1_000\nj: .inf\nk: No\nl: 010\n",
  'desc: |\n  line one\n    indented\n\n  after blank\nnext: >-\n  folded one\n  folded two\n\n  para\nlast: |-\n  kept\n',
  '# comment\nkey: value # trailing\nlist:\n  - a # c\n  -\n    k: v\n  - \n  - "q: x"\nurl: http://x.y/z\nempty_list: []\nempty_map: {}\n',
  'a: [1, [2, 3], {b: c}]\n"quoted key": 1\n\'single\': 2\n3: three\ntrue: t\n',
  'sources:\n  - name: raw\n    tables:\n      - name: orders\n        loaded_at_field: _etl\n        freshness:\n          warn_after: {count: 12, period: hour}\n',
  'x: |\n  a\n\n\ny: 1\n',
  'x: >\n  a\n  b\n',
];
// Constructs the fast reader leaves to the library (the library's answer, or error, stands).
const LEFT: string[] = [
  'a: &x 1\nb: *x\n', 'a: !!str 1\n', '---\na: 1\n', 'a: 1\na: 2\n', 'a: multi\n  line\n', 'a: "open\n  quote"\n',
  'a:\n\tb: 1\n', 'a: [1,\n  2]\n', 'base: &b {x: 1}\nc:\n  <<: *b\n', 'a: b: c\n', 'a: |+\n  keep\n\n', 'a:\n  - b\n c: 1\n',
  'a: x #c\n  b: 1\n', '- - a\n', 'a: |2\n   x\n', 'a: 1\r\nb: 2\r\n', 'key: value\n  more: x\n', 'a: [b, ]\n',
];

describe('fast YAML reader', () => {
  it('agrees with the YAML library on the block YAML of property files', () => {
    for (const [i, text] of SNIPPETS.entries()) assert.ok(agree(text, `snippet ${i}`), `snippet ${i} should take the fast path`);
  });

  it('leaves anchors, tags, documents, duplicates, multi-line scalars and bad indentation to the library', () => {
    for (const [i, text] of LEFT.entries()) {
      assert.equal(parseYamlQuickly(text, 'x.yml'), undefined, `case ${i}: ${JSON.stringify(text)}`);
      agree(text, `left ${i}`);
    }
  });

  it('agrees with the library on every YAML file shipped in the repository', () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    let fast = 0;
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'target') continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name) && agree(readFileSync(path, 'utf8'), path)) fast++;
      }
    };
    for (const dir of ['examples', 'test', 'include']) walk(join(root, dir));
    assert.ok(fast > 5, `only ${fast} files took the fast path`);
  });

  it('keeps the library error for broken files', () => {
    assert.throws(() => parseYaml('a: 1\na: 2\n', 'dup.yml'), /Invalid YAML: the key 'a' is written twice in the same mapping/);
    assert.ok(parseYamlQuickly('models:\n  - name: a\n', 'x.yml'));
  });
});
