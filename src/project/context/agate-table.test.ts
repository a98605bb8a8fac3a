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

/** Renders `code` with run_query answering from `db`; returns the output, what went to plain stdout and what was logged. */
function render(code: string, db: DatabaseBridge): { out: string; printed: string[]; logged: string[] } {
  const printed: string[] = [];
  const logged: string[] = [];
  const renderer = createRenderer(makeProject({}), { ...RENDER_OPTIONS, db, log: (level, msg) => (level === 'print' ? printed : logged).push(msg) });
  return { out: renderer.renderString(code), printed, logged };
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
  assert.equal(out, "('column_name', 'row_count', 'share', 'is_unique') 1500.000 ('column_name', 'row_count', 'part', 'is_unique') note");
});

test('print_table prints the grid agate prints: justified columns, grouped numbers, cut text and columns', () => {
  const { printed } = render("{% do run_query('select 1').print_table(max_columns=3, max_column_width=12) %}", PROFILE);
  assert.deepEqual(printed.join('\n').split('\n'), [
    // a column's number format is shared: its longest fraction once trailing zeros are dropped
    // (a DECIMAL(18,3) of whole numbers has none), capped at 3 places and marked as cut
    '| COLUMN_NAME  | ROW_COUNT |  SHARE | ... |',
    '| ------------ | --------- | ------ | --- |',
    '| customer_id  |     1,500 | 1.000\u2026 | ... |',
    '| a_rather_... |     1,500 | 0.333\u2026 | ... |',
    '| note         |         2 |        | ... |',
  ]);
  const limited = render("{% do run_query('select 1').print_table(max_rows=1) %}", PROFILE).printed.join('\n').split('\n');
  assert.equal(limited.length, 4, 'header, divider, one row and the ellipsis row');
  assert.match(limited[3]!, /^\| \.\.\. +\| +\.\.\. \|/);
});

test('print_table writes plain stdout lines, as agate does, not timestamped log events', () => {
  const viaRunQuery = render("{% do run_query('select 1').print_table() %}", PROFILE);
  const viaExecute = render("{% set r = adapter.execute('select 1', fetch=True) %}{% do r[1].print_table() %}", PROFILE);
  for (const { printed, logged } of [viaRunQuery, viaExecute]) {
    assert.equal(printed.length, 1);
    assert.match(printed[0]!, /^\| COLUMN_NAME +\| +ROW_COUNT \|/);
    assert.deepEqual(logged, []);
  }
});

test('DATE and TIMESTAMP values are Python date and datetime objects, as agate holds them', () => {
  const db = answering(
    [
      { name: 'D', dataType: 'DATE' },
      { name: 'TS', dataType: 'TIMESTAMP' },
      { name: 'TSTZ', dataType: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'LABEL', dataType: 'VARCHAR' },
    ],
    [
      ['2024-02-28', '2024-02-28 23:30:00.25', '2024-02-28 23:30:00+00', '2024-02-28'],
      ['2024-02-28', null, '2024-02-28 23:30:00+05:30', 'x'],
    ],
  );
  const { out } = render(
    "{% set t = run_query('select 1') %}{% set r = t.rows[0] %}" +
      "{{ (r[0] + modules.datetime.timedelta(days=1)).strftime('%d %b') }}|{{ r[1] }}|{{ r[1].microsecond }}|{{ r[2].isoformat() }}|{{ t.rows[1][2].utcoffset() }}" +
      "|{{ r[3].year is defined }}|{{ t.columns[0].values_distinct() | length }}|{{ t.rows[1][1] is none }}",
    db,
  );
  assert.equal(out, '29 Feb|2024-02-28 23:30:00.250000|250000|2024-02-28T23:30:00+00:00|5:30:00|False|1|True');
});

test('print_csv writes the header and rows as agate does: ISO dates, Decimal scale, minimal quoting', () => {
  const db = answering(
    [
      { name: 'NAME', dataType: 'VARCHAR' },
      { name: 'AMOUNT', dataType: 'DECIMAL(10,2)' },
      { name: 'RATIO', dataType: 'DOUBLE' },
      { name: 'AT', dataType: 'TIMESTAMP' },
      { name: 'OK', dataType: 'BOOLEAN' },
    ],
    [
      ['Smith, Ann', 12.5, 2, '2024-01-02 03:04:05', true],
      ['say "hi"', null, 0.25, null, false],
    ],
  );
  const { printed } = render("{% do run_query('select 1').print_csv() %}", db);
  assert.deepEqual(printed.join('\n').split('\n'), [
    'NAME,AMOUNT,RATIO,AT,OK',
    '"Smith, Ann",12.50,2.0,2024-01-02T03:04:05,True',
    '"say ""hi""",,0.25,,False',
  ]);
});

test("a column is a sequence of its values: column[i], iteration and length, besides name and values()", () => {
  const db = answering(
    [
      { name: 'genre', dataType: 'VARCHAR' },
      { name: 'plays', dataType: 'INTEGER' },
    ],
    [
      ['drama', 12],
      ['comedy', 7],
    ],
  );
  const { out } = render(
    "{% set t = run_query('select 1') %}{% set c = t.columns['plays'] %}" +
      "{{ t.columns['genre'][1] }}|{{ c[0] + c[1] }}|{{ c | length }}|{% for v in t.columns[0] %}{{ v }};{% endfor %}|{{ c.name }}|{{ c.values() | sum }}",
    db,
  );
  assert.equal(out, 'comedy|19|2|drama;comedy;|plays|19');
});

test("column values, distinct values, column_names and a row's keys(), values() and items() are tuples as in agate, and dict() maps names to values", () => {
  const db = answering(
    [
      { name: 'channel', dataType: 'VARCHAR' },
      { name: 'viewers', dataType: 'INTEGER' },
    ],
    [
      ['lofi', 40],
      ['speedrun', 12],
      ['lofi', 9],
    ],
  );
  const { out } = render(
    "{% set t = run_query('select 1') %}" +
      "where channel in {{ t.columns['channel'].values_distinct() }}|{{ t.columns[1].values() }}|{{ t.column_names }}|" +
      "{{ t.rows[1].keys() }}|{{ t.rows[1].values() }}|{{ t.columns[1].values() | list }}|{{ t.columns[0].values() is iterable }}|" +
      "{{ t.rows[2].items() }}|{{ t.rows[2].dict()['viewers'] }}|{% for k, v in t.rows[0].dict().items() %}{{ k }}={{ v }};{% endfor %}",
    db,
  );
  assert.equal(
    out,
    "where channel in ('lofi', 'speedrun')|(40, 12, 9)|('channel', 'viewers')|('channel', 'viewers')|('speedrun', 12)|[40, 12, 9]|True|" +
      "(('channel', 'lofi'), ('viewers', 9))|9|channel=lofi;viewers=40;",
  );
});

test('float and DECIMAL cells are Decimals as agate holds them: repr of the float, the DECIMAL scale kept; integer cells stay ints', () => {
  const db = answering(
    [
      { name: 'ratio', dataType: 'DOUBLE' },
      { name: 'price', dataType: 'DECIMAL(10,2)' },
      { name: 'qty', dataType: 'BIGINT' },
      { name: 'huge', dataType: 'DOUBLE' },
      { name: 'tiny', dataType: 'DOUBLE' },
    ],
    [[4, 45, 12, 2.5e22, 2.5e-8]],
  );
  const { out } = render(
    "{% set r = run_query('select 1').rows[0] %}" +
      '{{ r[0] }}|{{ r[1] }}|{{ r[2] }}|{{ r[3] }}|{{ r[4] }}|{{ r.values() }}|{{ r[1] is number }}|{{ r[1] is float }}|{{ r[2] is integer }}',
    db,
  );
  assert.equal(out, "4.0|45.00|12|2.5E+22|2.5E-8|(Decimal('4.0'), Decimal('45.00'), 12, Decimal('2.5E+22'), Decimal('2.5E-8'))|True|False|True");
});

test('Decimal cells do exact decimal arithmetic with ints and compare with ints and floats, as Python decimals do', () => {
  const db = answering(
    [
      { name: 'price', dataType: 'DECIMAL(10,2)' },
      { name: 'ratio', dataType: 'DOUBLE' },
      { name: 'third', dataType: 'DOUBLE' },
    ],
    [[45.1, 0.1, 1 / 3]],
  );
  const { out } = render(
    "{% set r = run_query('select 1').rows[0] %}" +
      '{{ r[0] * 2 }}|{{ r[0] + 1 }}|{{ 10 - r[0] }}|{{ r[0] / 4 }}|{{ r[0] / 3 }}|{{ r[0] // 7 }}|{{ r[0] % 7 }}|{{ -r[0] }}|' +
      '{{ r[1] * 3 }}|{{ r[2] * 3 }}|{{ r[0] | int }}|{{ r[0] | float }}|{{ r[0] | round(1) }}|{{ r[0] | abs }}|{{ [r[0], 2] | sum }}|' +
      "{{ r[0] > 45 }}|{{ r[1] == 0.1 }}|{{ r[0] == 45.1 }}|{{ r[0] < 45.11 }}|{{ '%.3f' % r[0] }}|{{ '{:>8}'.format(r[0]) }}|{{ r[0] ~ '' }}",
    db,
  );
  assert.equal(
    out,
    '90.20|46.10|-35.10|11.275|15.03333333333333333333333333|6|3.10|-45.10|0.3|0.9999999999999999|45|45.1|45.1|45.10|47.10|' +
      'True|False|False|True|45.100|   45.10|45.10',
  );
});

test('a Decimal cell mixed with a float in arithmetic, or passed to tojson, fails as it does in dbt', () => {
  const db = answering([{ name: 'ratio', dataType: 'DOUBLE' }], [[0.5]]);
  assert.throws(() => render("{{ run_query('select 1').rows[0][0] + 1.5 }}", db), /unsupported operand type\(s\) for \+: 'decimal.Decimal' and 'float'/);
  assert.throws(() => render("{{ tojson(run_query('select 1').rows[0][0], default='x') }}", db), /Object of type Decimal is not JSON serializable/);
  assert.throws(() => render("{{ run_query('select 1').rows[0] | list | tojson }}", db), /Object of type Decimal is not JSON serializable/);
  // json.dumps names the first value it cannot encode, in the order it walks the value
  const both = "{% set d = run_query('select 1').rows[0][0] %}{% set day = modules.datetime.date(2024, 1, 2) %}";
  assert.throws(() => render(`${both}{{ tojson([d, day]) }}`, db), /Object of type Decimal is not JSON serializable/);
  assert.throws(() => render(`${both}{{ tojson({'b': d, 'a': day}, sort_keys=true) }}`, db), /Object of type date is not JSON serializable/);
  assert.throws(() => render(`${both}{{ tojson({'b': d, 'a': day}) }}`, db), /Object of type Decimal is not JSON serializable/);
});

test('DECIMAL cells handed over as exact text keep every digit and their scale; distinct values are hash-equal ones', () => {
  const db = answering(
    [
      { name: 'big', dataType: 'DECIMAL(38,2)' },
      { name: 'small', dataType: 'DECIMAL(10,3)' },
    ],
    [
      ['12345678901234567.89', '1.5'],
      ['12345678901234567.88', '1.500'],
    ],
  );
  const { out } = render("{% set t = run_query('select 1') %}{{ t[0][0] }}|{{ t[0][0] - t[1][0] }}|{{ t[0][1] }}|{{ t.columns[0].values_distinct() | length }}|{{ t.columns[1].values_distinct() }}", db);
  assert.equal(out, "12345678901234567.89|0.01|1.500|2|(Decimal('1.500'),)");
});

test("a row and a column print as agate's do: <agate.Row: (reprs of the first five values, ...)>", () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const wide = answering(
    names.map((name, i) => ({ name, dataType: i === 1 ? 'DECIMAL(10,2)' : 'VARCHAR' })),
    [['x', 60, 'y', 'z', null, 'w']],
  );
  assert.equal(render("{{ run_query('select 1').rows[0] }}", wide).out, "<agate.Row: ('x', Decimal('60.00'), 'y', 'z', None, ...)>");
  assert.equal(render("{{ run_query('select 1').columns['b'] }}|{{ run_query('select 1').rows[0] | string }}", wide).out, "<agate.Column: (Decimal('60.00'))>|<agate.Row: ('x', Decimal('60.00'), 'y', 'z', None, ...)>");
  assert.equal(render("{{ run_query('select 1').rows[0] | list }}", wide).out, "['x', Decimal('60.00'), 'y', 'z', None, 'w']");
});

test('LIST, STRUCT and MAP cells are JSON text, as dbt hands container values to agate', () => {
  const db = answering(
    [
      { name: 'IDS', dataType: 'INTEGER[]' },
      { name: 'PAIR', dataType: 'STRUCT(amount DECIMAL(4,2), label VARCHAR)' },
      { name: 'TAGS', dataType: 'VARCHAR[2]' },
    ],
    [
      [[1, 2, 3], { amount: 1.5, label: 'x' }, ['a', 'é']],
      [null, null, null],
    ],
  );
  const { out, printed } = render(
    "{% set t = run_query('select 1') %}{% for v in t.rows[0] %}{{ v is string }} {{ v }}|{% endfor %}{{ t.rows[1][0] is none }}" +
      "|{{ fromjson(t.rows[0][0])[2] }}{% do t.print_table() %}",
    db,
  );
  assert.equal(out, 'True [1, 2, 3]|True {"amount": 1.5, "label": "x"}|True ["a", "\\u00e9"]|True|3');
  // text columns: left-justified
  assert.equal(printed[0]!.split('\n')[2], '| [1, 2, 3] | {"amount": 1.5, "... | ["a", "\\u00e9"] |');
});

test("a column's data_type is its agate type, whose jsonify() gives a float for a Number, ISO text for a date and the value for an int or a bool", () => {
  const db = answering(
    [
      { name: 'ROW_COUNT', dataType: 'DECIMAL(18,3)' },
      { name: 'SHARE', dataType: 'DOUBLE' },
      { name: 'N', dataType: 'INTEGER' },
      { name: 'D', dataType: 'DATE' },
      { name: 'OK', dataType: 'BOOLEAN' },
      { name: 'LABEL', dataType: 'VARCHAR' },
      { name: 'NOTHING', dataType: 'VARCHAR' },
    ],
    [[5, 0.5, 7, '2022-01-01', true, 'jar', null]],
  );
  const { out } = render(
    "{% set t = run_query('select 1') %}{% set r = t.rows[0].dict() %}{% set meta = {} %}" +
      '{% for key, value in r.items() %}{% do meta.update({key: t.columns.get(key).data_type.jsonify(value)}) %}{% endfor %}' +
      "{{ meta }}|{{ t.columns['NOTHING'].data_type }}|{{ t.columns[0].data_type.jsonify(none) }}",
    db,
  );
  // an all-null column is dbt's Integer: its type tester tries Integer first and None passes it
  assert.equal(
    out,
    "{'ROW_COUNT': 5.0, 'SHARE': 0.5, 'N': 7, 'D': '2022-01-01', 'OK': True, 'LABEL': 'jar', 'NOTHING': None}|<dbt_common.clients.agate_helper.Integer object>|None",
  );
});

test("adapter.convert_type(table, i) gives the warehouse type of a result column, as dbt's create_csv_table asks for it", () => {
  const { out } = render("{% set t = run_query('select 1') %}{{ adapter.convert_type(t, 1) }}|{{ adapter.convert_type(agate_table=t, col_idx=3) }}", PROFILE);
  assert.equal(out, 'DECIMAL(18,3)|BOOLEAN');
});

test("a row or column named like a sequence method (count, index, length, sort, values) is found by row['name'], as agate's mapping does", () => {
  const db = answering(
    [
      { name: 'count', dataType: 'INTEGER' },
      { name: 'index', dataType: 'INTEGER' },
      { name: 'length', dataType: 'INTEGER' },
      { name: 'sort', dataType: 'INTEGER' },
      { name: 'values', dataType: 'INTEGER' },
    ],
    [[1, 2, 3, 4, 5]],
  );
  const { out } = render(
    "{% set t = run_query('select 1') %}{% set r = t.rows[0] %}{{ r['count'] }} {{ r['index'] }} {{ r['length'] }} {{ r['sort'] }} {{ r['values'] }} {{ r | length }} {{ t.columns['length'].values() }}",
    db,
  );
  assert.equal(out, '1 2 3 4 5 5 (3,)');
});
