// End to end: the SQL dbt's cross-database macros render on DuckDB, as target/compiled holds it
// and as DuckDB computes it. dbt-core's global project and dbt-duckdb's overrides lay their
// output out with blank lines and indentation of their own; a model calling a macro shows that
// text in its compiled file, so each case here is the whole compiled model, character for
// character, and the value it builds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

/** One model: the Jinja call, the compiled text of `select <call> as v`, and v's value as text. */
interface MacroCase {
  name: string;
  call: string;
  compiled: string;
  value: string | null;
  /** A FROM clause the call needs (an aggregate over rows). */
  from?: string;
}

const ROWS = " from (values ('b'), ('a'), ('c')) as t(x)";

const CASES: MacroCase[] = [
  { name: 'any_value', call: "dbt.any_value('x')", compiled: 'arbitrary(x)', value: null, from: " from (values (null)) as t(x)" },
  { name: 'bool_or', call: "dbt.bool_or(\"x = 'a'\")", compiled: "bool_or(x = 'a')", value: 'true', from: ROWS },
  { name: 'safe_cast', call: "dbt.safe_cast(\"'7'\", dbt.type_int())", compiled: "\n    \n    cast('7' as integer)\n", value: '7' },
  { name: 'cast', call: "dbt.cast(\"'8'\", dbt.type_bigint())", compiled: "\n    cast('8' as bigint)\n", value: '8' },
  { name: 'dateadd_day', call: "dbt.dateadd('day', 1, \"date '2024-02-28'\")", compiled: "\n\n    (date '2024-02-28' + cast(1 as bigint) * interval 1 day)", value: '2024-02-29 00:00:00' },
  { name: 'dateadd_quarter', call: "dbt.dateadd('Quarter', '2', \"date '2024-01-31'\")", compiled: "\n\n    (date '2024-01-31' + (cast(2 as bigint) * 3) * interval 1 month)", value: '2024-07-31 00:00:00' },
  { name: 'dateadd_week', call: "dbt.dateadd('week', -1, \"date '2024-01-31'\")", compiled: "\n\n    (date '2024-01-31' + (cast(-1 as bigint) * 7) * interval 1 day)", value: '2024-01-24 00:00:00' },
  { name: 'datediff_day', call: "dbt.datediff(\"date '2024-01-01'\", \"date '2024-03-01'\", 'day')", compiled: "\n        (date_diff('day', date '2024-01-01'::timestamp, date '2024-03-01'::timestamp ))\n    ", value: '60' },
  {
    name: 'datediff_week',
    call: "dbt.datediff(\"date '2024-03-08'\", \"date '2024-03-11'\", 'week')",
    compiled: [
      '',
      '            (',
      "        (date_diff('day', date '2024-03-08'::timestamp, date '2024-03-11'::timestamp ))",
      '     // 7 + case',
      "            when date_part('dow', (date '2024-03-08')::timestamp) <= date_part('dow', (date '2024-03-11')::timestamp) then",
      "                case when date '2024-03-08' <= date '2024-03-11' then 0 else -1 end",
      '            else',
      "                case when date '2024-03-08' <= date '2024-03-11' then 1 else 0 end",
      '        end)',
      '    ',
    ].join('\n'),
    value: '1',
  },
  { name: 'date_trunc', call: "dbt.date_trunc('month', \"date '2024-03-15'\")", compiled: "date_trunc('month', date '2024-03-15')", value: '2024-03-01 00:00:00' },
  {
    name: 'last_day_month',
    call: "dbt.last_day(\"date '2024-02-10'\", 'month')",
    compiled: "cast(\n        \n\n    (\n\n    (date_trunc('month', date '2024-02-10') + cast(1 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day)\n        as date)",
    value: '2024-02-29',
  },
  {
    name: 'last_day_quarter',
    call: "dbt.last_day(\"date '2024-05-10'\", 'quarter')",
    compiled: "-- duckdb dateadd does not support quarter interval.\n    cast(\n        \n\n    (\n\n    (date_trunc('quarter', date '2024-05-10') + cast(3 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day)\n        as date)",
    value: '2024-06-30',
  },
  { name: 'date', call: 'dbt.date(2024, 2, 29)', compiled: 'make_date(2024, 2, 29)', value: '2024-02-29' },
  { name: 'split_part', call: "dbt.split_part(\"'a,b,c'\", \"','\", 2)", compiled: "\n\n  \n    coalesce(string_split('a,b,c', ',')[ 2 ], '')\n  \n\n", value: 'b' },
  { name: 'split_part_negative', call: "dbt.split_part(\"'a,b,c'\", \"','\", -1)", compiled: "\n\n  \n    \n\n    split_part(\n        'a,b,c',\n        ',',\n          length('a,b,c')\n          - length(\n              replace('a,b,c',  ',', '')\n          ) + 2 + -1\n        )\n\n\n  \n\n", value: 'c' },
  { name: 'split_part_past_end', call: "dbt.split_part(\"'a,b'\", \"','\", 5)", compiled: "\n\n  \n    coalesce(string_split('a,b', ',')[ 5 ], '')\n  \n\n", value: '' },
  { name: 'position', call: "dbt.position(\"'c'\", \"'abc'\")", compiled: "\n\n    position(\n        'c' in 'abc'\n    )", value: '3' },
  { name: 'replace', call: "dbt.replace(\"'a-b'\", \"'-'\", \"'+'\")", compiled: "\n\n    replace(\n        'a-b',\n        '-',\n        '+'\n    )\n\n\n", value: 'a+b' },
  { name: 'right', call: "dbt.right(\"'abcdef'\", 2)", compiled: "\n\n    right(\n        'abcdef',\n        2\n    )", value: 'ef' },
  { name: 'length', call: "dbt.length(\"'abcd'\")", compiled: "\n\n    length(\n        'abcd'\n    )", value: '4' },
  { name: 'hash', call: "dbt.hash(\"'abc'\")", compiled: "md5(cast('abc' as TEXT))", value: '900150983cd24fb0d6963f7d28e17f72' },
  { name: 'concat', call: "dbt.concat([\"'a'\", \"'b'\"])", compiled: "'a' || 'b'", value: 'ab' },
  { name: 'string_literal', call: "dbt.string_literal(\"it''s\")", compiled: "'it''s'", value: "it's" },
  { name: 'cast_bool_to_text', call: "dbt.cast_bool_to_text('true')", compiled: '\n  \n    cast(true as TEXT)\n\n', value: 'true' },
  { name: 'array_construct', call: 'dbt.array_construct([1, 2, 3])', compiled: '\n    array[ 1 , 2 , 3 ]\n    ', value: '[1, 2, 3]' },
  { name: 'array_construct_empty', call: "dbt.array_construct([], 'integer')", compiled: '\n    array[]::integer[]\n    ', value: '[]' },
  { name: 'array_append', call: 'dbt.array_append(dbt.array_construct([1]), 2)', compiled: 'array_append(\n    array[ 1 ]\n    , 2)', value: '[1, 2]' },
  { name: 'array_concat', call: 'dbt.array_concat(dbt.array_construct([1]), dbt.array_construct([2]))', compiled: 'array_cat(\n    array[ 1 ]\n    , \n    array[ 2 ]\n    )', value: '[1, 2]' },
  { name: 'listagg', call: "dbt.listagg('x', \"', '\", 'order by x desc')", compiled: "\n    string_agg(\n        x,\n        ', '\n        order by x desc\n        )", value: 'c, b, a', from: ROWS },
  { name: 'listagg_plain', call: "dbt.listagg('x')", compiled: "\n    string_agg(\n        x,\n        ','\n        \n        )", value: 'a', from: " from (values ('a')) as t(x)" },
  {
    name: 'listagg_limit',
    call: "dbt.listagg('x', \"'-'\", 'order by x', 2)",
    compiled: "list_aggr(\n        (array_agg(\n            x\n            order by x\n        ))[1:2],\n        'string_agg',\n        '-'\n        )",
    value: 'a-b',
    from: ROWS,
  },
  { name: 'current_timestamp_backcompat', call: 'dbt.current_timestamp_backcompat()', compiled: '\n    current_timestamp::timestamp\n', value: null },
  { name: 'current_timestamp_in_utc_backcompat', call: 'dbt.current_timestamp_in_utc_backcompat()', compiled: '\n    current_timestamp::timestamp\n', value: null },
  { name: 'snapshot_get_time', call: 'dbt.snapshot_get_time()', compiled: 'now()::timestamp', value: null },
  { name: 'equals', call: "dbt.equals('1', '1')", compiled: '(1 = 1)\n', value: 'true' },
];

// The portable implementations, called by name as a package's own dispatch may call them: the
// text dbt's global project renders (compiled only; the SQL is other warehouses').
const DEFAULTS: [name: string, call: string, compiled: string][] = [
  ['d_any_value', "dbt.default__any_value('x')", 'any_value(x)'],
  ['d_date', 'dbt.default__date(2024, 2, 29)', "to_date('2024-02-29', 'YYYY-MM-DD')"],
  ['d_dateadd', "dbt.default__dateadd('day', 1, 'd')", '\n\n    dateadd(\n        day,\n        1,\n        d\n        )\n\n'],
  ['d_datediff', "dbt.default__datediff('a', 'b', 'day')", 'datediff(\n        day,\n        a,\n        b\n        )'],
  ['d_split_part', "dbt.default__split_part('s', \"','\", 2)", "\n\n    split_part(\n        s,\n        ',',\n        2\n        )\n\n"],
  [
    'd_split_part_negative',
    "dbt._split_part_negative('s', \"','\", -1)",
    "\n\n    split_part(\n        s,\n        ',',\n          length(s)\n          - length(\n              replace(s,  ',', '')\n          ) + 2 + -1\n        )\n\n",
  ],
  ['d_listagg', "dbt.default__listagg('x', \"','\", none, none)", "\n    listagg(\n        x,\n        ','\n        )\n        "],
  ['d_listagg_ordered', "dbt.default__listagg('x', \"','\", 'order by x', none)", "\n    listagg(\n        x,\n        ','\n        )\n        within group (order by x)"],
  [
    'd_listagg_limit',
    "dbt.default__listagg('x', \"','\", 'order by x', 2)",
    "array_to_string(\n        array_slice(\n            array_agg(\n                x\n            )within group (order by x)\n            ,0\n            ,2\n        ),\n        ','\n        )",
  ],
  ['d_snapshot_get_time', 'dbt.default__snapshot_get_time()', '\n    now()\n'],
  [
    'd_generate_series',
    'dbt.default__generate_series(3)',
    [
      '', '', '    ', '', '    with p as (', '        select 0 as generated_number union all select 1', '    ), unioned as (', '', '    select', '', '    ',
      '    p0.generated_number * power(2, 0)', '     + ', '    ', '    p1.generated_number * power(2, 1)', '    ', '    ', '    + 1', '    as generated_number', '',
      '    from', '', '    ', '    p as p0', '     cross join ', '    ', '    p as p1', '    ', '    ', '', '    )', '', '    select *', '    from unioned',
      '    where generated_number <= 3', '    order by generated_number', '', '',
    ].join('\n'),
  ],
];

// date_spine counts its steps with a query while compiling and numbers them with DuckDB's
// generate_series.
const SPINE = `{{ dbt.date_spine('day', "cast('2024-01-01' as date)", "cast('2024-01-05' as date)") }}`;
const SPINE_COMPILED = [
  '', '', '', '    ', '', '', '    with rawdata as (', '', '        ',
  '    select', '        generate_series as generated_number', '    from generate_series(1, 4)', '', '',
  '    ),', '', '    all_periods as (', '', '        select (', '            ', '',
  "    (cast('2024-01-01' as date) + cast(row_number() over (order by 1) - 1 as bigint) * interval 1 day)",
  '        ) as date_day', '        from rawdata', '', '    ),', '', '    filtered as (', '',
  '        select *', '        from all_periods', "        where date_day <= cast('2024-01-05' as date)", '',
  '    )', '', '    select * from filtered', '', '',
].join('\n');

let dir = '';

before(async () => {
  dir = await newProject('almanac');
  for (const c of CASES) writeProjectFile(dir, `models/${c.name}.sql`, `select {{ ${c.call} }} as v${c.from ?? ''}`);
  for (const [name, call] of DEFAULTS) writeProjectFile(dir, `models/${name}.sql`, `{{ config(materialized='ephemeral') }}\n{{ ${call} }}`);
  writeProjectFile(dir, 'models/spine.sql', SPINE);
  writeProjectFile(dir, 'models/set_ops.sql', 'select 1 as v {{ dbt.except() }} select 2 {{ dbt.intersect() }} select 1');
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
});
after(() => rm(dir, { recursive: true, force: true }));

const compiled = (name: string): string => readFileSync(join(dir, 'target', 'compiled', 'almanac', 'models', `${name}.sql`), 'utf8');

describe("dbt's cross-database macros on DuckDB", () => {
  test('each compiles to the text dbt and dbt-duckdb render', () => {
    const wrong = CASES.filter((c) => compiled(c.name) !== `select ${c.compiled} as v${c.from ?? ''}`).map((c) => `${c.name}:\n${JSON.stringify(compiled(c.name))}`);
    assert.deepEqual(wrong, []);
  });

  test('each builds the value dbt documents', async () => {
    const sqls = CASES.filter((c) => c.value !== null || c.name.startsWith('split_part')).map((c) => `select cast(v as varchar) from main.${c.name}`);
    const values = await queryDb(join(dir, 'almanac.duckdb'), ...sqls);
    const expected = CASES.filter((c) => c.value !== null || c.name.startsWith('split_part')).map((c) => [[c.value]]);
    assert.deepEqual(values, expected);
  });

  test("the portable implementations compile to dbt's text", async () => {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--select', DEFAULTS.map(([name]) => name).join(' ')]);
    assert.equal(run.code, 0, run.out + run.err);
    const wrong = DEFAULTS.filter(([name, , text]) => compiled(name) !== `\n${text}`).map(([name]) => `${name}:\n${JSON.stringify(compiled(name))}`);
    assert.deepEqual(wrong, []);
  });

  test('date_spine counts its steps at compile time and lists each day before the end', async () => {
    assert.equal(compiled('spine'), SPINE_COMPILED);
    const [days] = await queryDb(join(dir, 'almanac.duckdb'), 'select cast(date_day as varchar) from main.spine order by 1');
    assert.deepEqual(days, [['2024-01-01 00:00:00'], ['2024-01-02 00:00:00'], ['2024-01-03 00:00:00'], ['2024-01-04 00:00:00']]);
  });

  test('except and intersect keep their blank lines', async () => {
    assert.equal(compiled('set_ops'), 'select 1 as v \n\n    except\n\n select 2 \n\n    intersect\n\n select 1');
    const [rows] = await queryDb(join(dir, 'almanac.duckdb'), 'select v from main.set_ops');
    assert.deepEqual(rows, [[1]]);
  });
});
