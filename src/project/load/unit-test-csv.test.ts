// CSV fixture cells read as dbt reads them (csv.DictReader, then empty -> NULL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvFixtureRows, csvRecords } from './unit-test-csv.js';

test('only empty and missing cells are NULL; null, NULL and spaces stay as written', () => {
  assert.deepEqual(csvFixtureRows('id,label\n1, spaced \n2,null\n3,NULL\n4,\n5\n'), [
    { id: '1', label: ' spaced ' },
    { id: '2', label: 'null' },
    { id: '3', label: 'NULL' },
    { id: '4', label: null },
    { id: '5', label: null },
  ]);
});

test('quoted cells hold commas, doubled quotes and line breaks; a quoted empty cell is NULL too', () => {
  assert.deepEqual(csvFixtureRows('id,label\r\n1,"a,b"\r\n2,"say ""hi"""\r\n3,"two\nlines"\r\n4,""\r\n'), [
    { id: '1', label: 'a,b' },
    { id: '2', label: 'say "hi"' },
    { id: '3', label: 'two\nlines' },
    { id: '4', label: null },
  ]);
  // A quote after a space is plain text; text after a closing quote joins the cell.
  assert.deepEqual(csvRecords('a, "b"\n"c"d,e'), [['a', ' "b"'], ['cd', 'e']]);
});

test('blank lines are skipped; header names keep their spaces; extra cells go under None', () => {
  assert.deepEqual(csvFixtureRows('id, label\n\n1,x,extra,more\n'), [{ id: '1', ' label': 'x', None: 'extra,more' }]);
});
