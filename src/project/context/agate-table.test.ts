import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import type { BridgeColumnInfo, DatabaseBridge } from './database-bridge.js';
import { makeProject, RENDER_OPTIONS } from './testing/make-project.js';

/** A bridge whose every query answers with the given columns and rows. */
function answering(columns: BridgeColumnInfo[], rows: unknown[][]): DatabaseBridge {
  return {
    type: 'duckdb',
    defaultDatabase: 'warehouse',
    dialect: { quoteIdentifier: (n) => `"${n}"`, quoteString: (s) => `'${s}'`, renderRelation: (r) => [r.database, r.schema, r.identifier].filter(Boolean).join('.') },
    executeSync: () => ({ columns, rows, rowsChanged: 0 }),
    getRelationSync: () => undefined,
    getColumnsSync: () => [],
    listRelationsSync: () => [],
  };
}

/** Renders `code` with run_query answering from `db`; returns the output and what was logged at info level. */
function render(code: string, db: DatabaseBridge): { out: string; printed: string[] } {
  const printed: string[] = [];
  const renderer = createRenderer(makeProject({}), { ...RENDER_OPTIONS, db, log: (level, msg) => level === 'info' && printed.push(msg) });
  return { out: renderer.renderString(code), printed };
}

const PROFILE = answering(
  [
    { name: 'COLUMN_NAME', dataType: 'VARCHAR' },
    { name: 'ROW_COUNT', dataType: 'DECIMAL(18,3)' },
    { name: 'SHARE', dataType: 'DOUBLE' },
    { name: 'IS_UNIQUE', dataType: 'BOOLEAN' },
  ],
  [
    ['customer_id', 1500, 1, true],
    ['a_rather_long_column_name', 1500, 0.3333333333333333, false],
    ['note', 2, null, null],
  ],
);

test('rename() takes a list or an old-to-new mapping and keeps the rows', () => {
  const { out } = render(
    "{% set t = run_query('select 1') %}{% set t = t.rename(t.column_names | map('lower')) %}{{ t.column_names }} {{ t.columns['row_count'].values()[0] }}" +
      " {{ t.rename({'share': 'part'}).column_names }} {{ t.rows[2]['column_name'] }}",
    PROFILE,
  );
  assert.equal(out, "['column_name', 'row_count', 'share', 'is_unique'] 1500 ['column_name', 'row_count', 'part', 'is_unique'] note");
});

test('print_table prints the grid agate prints: justified columns, grouped numbers, cut text and columns', () => {
  const { printed } = render("{% do run_query('select 1').print_table(max_columns=3, max_column_width=12) %}", PROFILE);
  assert.deepEqual(printed.join('\n').split('\n'), [
    // a column's number format is shared: its longest fraction, capped at 3 places and marked as cut
    '| COLUMN_NAME  | ROW_COUNT |  SHARE | ... |',
    '| ------------ | --------- | ------ | --- |',
    '| customer_id  | 1,500.000 | 1.000\u2026 | ... |',
    '| a_rather_... | 1,500.000 | 0.333\u2026 | ... |',
    '| note         |     2.000 |        | ... |',
  ]);
  const limited = render("{% do run_query('select 1').print_table(max_rows=1) %}", PROFILE).printed.join('\n').split('\n');
  assert.equal(limited.length, 4, 'header, divider, one row and the ellipsis row');
  assert.match(limited[3]!, /^\| \.\.\. +\| +\.\.\. \|/);
});
