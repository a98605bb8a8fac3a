import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table } from './agate-table.js';

test('a table made by select() and where() prints with the types of the columns it kept: Text left, Number right with its own places', () => {
  const printed: string[] = [];
  const table = new Table(
    {
      columns: [
        { name: 'title', dataType: 'VARCHAR' },
        { name: 'note', dataType: 'VARCHAR' },
        { name: 'rating', dataType: 'DOUBLE' },
      ],
      rows: [
        ['Heat', null, 4.5],
        ['Ran', null, 5],
      ],
      rowsChanged: 0,
    },
    (text) => printed.push(text),
  );
  table.print_table();
  table.select(['rating', 'title']).where((row: unknown[]) => row[1] === 'Ran').print_table();
  assert.deepEqual(printed.join('\n').split('\n'), [
    '| title | note | rating |',
    '| ----- | ---- | ------ |',
    '| Heat  |      |    4.5 |',
    '| Ran   |      |    5.0 |',
    '| rating | title |',
    '| ------ | ----- |',
    // a Number column's places are those its printed values need: 5.0 alone needs none
    '|      5 | Ran   |',
  ]);
});
