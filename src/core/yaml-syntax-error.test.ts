// A YAML library error becomes a diagnostic at the place the user wrote the mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { yamlSyntaxError } from './yaml-syntax-error.js';

/** The diagnostic for the first syntax error of `text`. */
function diagnose(text: string) {
  const error = parseDocument(text, { uniqueKeys: true }).errors[0];
  assert.ok(error, 'the text has a syntax error');
  return yamlSyntaxError(error, text, 'tulips.yml').diagnostic;
}

test('an unclosed double quote is placed at its opening quote, skipping escaped quotes inside', () => {
  const d = diagnose('bulbs:\n  - name: "parrot \\"tulip\\" mix\n  - name: darwin\n');
  assert.deepEqual(d.location, { file: 'tulips.yml', line: 2, column: 11 });
  assert.equal(d.excerpt, '  - name: "parrot \\"tulip\\" mix');
  assert.equal(d.message, 'Invalid YAML: the value quoted with " here is never closed');
});

test('a duplicate key is named and the caret sits under it', () => {
  const d = diagnose('bulbs:\n  colour: red\n  colour: yellow\n');
  assert.deepEqual(d.location, { file: 'tulips.yml', line: 3, column: 3 });
  assert.equal(d.message, "Invalid YAML: the key 'colour' is written twice in the same mapping");
});

test('other errors keep the library message without its repeated position', () => {
  const d = diagnose('bulbs:\n\t- darwin\n');
  assert.equal(d.message, 'Invalid YAML: Tabs are not allowed as indentation');
  assert.equal(d.location?.line, 2);
  assert.equal(d.code, 'yaml-invalid');
});

test('a key indented deeper than the one above is placed at that key, not at the value it seems to continue', () => {
  const d = diagnose('bulbs:\n  - name: darwin\n      colour: red\n    height: 60\n');
  assert.deepEqual(d.location, { file: 'tulips.yml', line: 3, column: 7 });
  assert.equal(d.excerpt, '      colour: red');
  assert.equal(d.message, 'Invalid YAML: mapping values are not allowed here: this key is indented deeper than the key on the line above');
  assert.match(d.hint ?? '', /Indent it like the keys beside it/u);
});
