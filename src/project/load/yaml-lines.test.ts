import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePropertyYaml, parseYamlQuickly, parseYamlWithLibrary, type YamlFile } from './yaml-file.js';

// Where each mapping, key and list item of a YAML file is written: errors point there.

/** Both readings of `text` (the fast reader must take it). */
function bothReadings(text: string): [string, YamlFile][] {
  const fast = parseYamlQuickly(text, 'x.yml');
  assert.ok(fast, 'the fast reader should read this file');
  return [['fast reader', fast], ['library', parseYamlWithLibrary(text, 'x.yml')]];
}

describe('YAML line table', () => {
  it('gives each key of a large mapping its own line', () => {
    const keys = Array.from({ length: 120 }, (_, i) => `key_${i}`);
    const text = `vars:\n${keys.map((k, i) => `  ${k}: ${i}`).join('\n')}\nafter: 1\n`;
    for (const [reader, { value, lines }] of bothReadings(text)) {
      const vars = (value as { vars: Record<string, unknown> }).vars;
      keys.forEach((k, i) => assert.equal(lines.keyLine(vars, k, -1), i + 2, `${reader}: ${k}`));
      assert.equal(lines.keyLine(vars, 'missing', -1), -1, reader);
      assert.equal(lines.keyLine(value, 'after', -1), keys.length + 2, reader);
    }
  });

  it('gives the items of nested lists and their mappings their lines', () => {
    const text = 'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - unique\n          - not_null\n      - name: b\n  - name: c\n';
    for (const [reader, { value, lines }] of bothReadings(text)) {
      const models = (value as { models: Record<string, unknown>[] }).models;
      const columns = models[0]!.columns as Record<string, unknown>[];
      const tests = columns[0]!.data_tests as unknown[];
      assert.deepEqual([lines.itemLine(models, 0), lines.itemLine(models, 1)], [2, 9], reader);
      assert.deepEqual([lines.lineOf(columns), lines.itemLine(columns, 0), lines.itemLine(columns, 1)], [4, 4, 8], reader);
      assert.deepEqual([lines.itemLine(tests, 0), lines.itemLine(tests, 1)], [6, 7], reader);
      assert.deepEqual([lines.keyLine(models[0], 'name'), lines.keyLine(models[0], 'columns'), lines.keyLine(columns[1], 'name')], [2, 3, 8], reader);
    }
  });

  it('answers with the fallback for what it does not hold', () => {
    for (const [reader, { value, lines }] of bothReadings('a:\n  - x\n  - y\nb: {c: 1}\n')) {
      const { a, b } = value as { a: unknown[]; b: Record<string, unknown> };
      assert.equal(lines.itemLine(a, 2, 7), 7, `${reader}: past the end`);
      assert.equal(lines.itemLine(a, -1, 7), 7, `${reader}: before the start`);
      assert.equal(lines.itemLine(b, 0, 7), 7, `${reader}: a mapping has no items`);
      assert.equal(lines.keyLine(a, '0', 7), 7, `${reader}: a list has no keys`);
      assert.equal(lines.lineOf({}, 7), 7, `${reader}: an object not from the file`);
    }
  });

  it('points a key written twice in a property file at its later writing', () => {
    const { value, lines, duplicateKeys } = parsePropertyYaml('models:\n  - name: a\n    description: one\n    description: two\n', 'x.yml');
    const model = (value as { models: Record<string, unknown>[] }).models[0]!;
    assert.equal(model.description, 'two');
    assert.equal(lines.keyLine(model, 'description'), 4);
    assert.deepEqual(duplicateKeys.map((d) => [d.key, d.line]), [['description', 4]]);
  });
});
