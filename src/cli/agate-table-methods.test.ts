// End to end: agate's Table methods on a run_query result over DuckDB, as dbt code calls them
// from macros. The expected text is what agate itself prints for the same table (dbt's Integer
// type for the int column, agate's Number, Date, Boolean and Text for the others).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

const CHANNELS =
  "run_query(\"select * from (values ('lofi', 40, 1.50::decimal(4,2), date '2024-01-02', true), ('speedrun', null, 0.25, null, false)," +
  " ('café', 9, null, date '2023-05-06', null)) as v(channel, viewers, ratio, day, ok) order by channel desc\")";

const HEADER = 'channel,viewers,ratio,day,ok';
const SPEEDRUN = 'speedrun,,0.25,,False';
const LOFI = 'lofi,40,1.50,2024-01-02,True';
const CAFE = 'café,9,,2023-05-06,';

describe('agate Table methods on run_query results', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('almanac');
    writeProjectFile(
      dir,
      'macros/tables.sql',
      [
        "{% macro is_busy(row) %}{{ return(row['viewers'] is not none and row['viewers'] > 10) }}{% endmacro %}",
        "{% macro name_length(row) %}{{ return(row['channel'] | length) }}{% endmacro %}",
        '{% macro show(code) %}{% set t = ' + CHANNELS + ' %}{% do t.print_json() if code == "json" %}' +
          '{% do t.print_json(indent=2) if code == "json_indent" %}{% do t.print_json(newline=True) if code == "json_lines" %}' +
          "{% do t.print_json(key='channel') if code == 'json_keyed' %}{% do print(t) if code == 'str' %}{% do print(t.rows) if code == 'rows' %}{% do print(t.columns[:2]) if code == 'rows' %}{% do print(t.columns) if code == 'rows' %}{% do t.print_structure() if code == 'structure' %}" +
          "{% do t.order_by('viewers').print_csv() if code == 'order' %}{% do t.order_by('viewers', reverse=True).print_csv() if code == 'order_reverse' %}" +
          "{% do t.order_by(['ok', 'viewers']).print_csv() if code == 'order_columns' %}{% do t.order_by(name_length).print_csv() if code == 'order_macro' %}" +
          "{% do t.select(['viewers', 'channel']).print_csv() if code == 'select' %}{% do t.exclude('ratio').print_csv() if code == 'exclude' %}" +
          "{% do t.limit(2).print_csv() if code == 'limit' %}{% do t.limit(1, 3).print_csv() if code == 'limit_slice' %}{% do t.limit(0, 3, 2).print_csv() if code == 'limit_step' %}" +
          "{% do t.where(is_busy).print_csv() if code == 'where' %}{% do t.distinct(name_length).print_csv() if code == 'distinct' %}{% do print(t.find(is_busy)) if code == 'find' %}" +
          "{% do t.where(is_busy).order_by('viewers', reverse=True).limit(1).print_table() if code == 'chain' %}" +
          "{% do print(t.select('viewers').column_names ~ ' ' ~ t.exclude(['ok', 'day']).column_names ~ ' ' ~ t.select('ratio').columns[0].values()) if code == 'names' %}" +
          "{% set g = t.group_by('ok') if code == 'groups' %}{% do print(g) if code == 'groups' %}{% do print(g.keys() ~ ' ' ~ g.key_name ~ ' ' ~ g[0].rows) if code == 'groups' %}" +
          "{% do g.order_by('viewers')[1].print_csv() if code == 'groups' %}{% for key, group in (t.group_by(name_length).items() if code == 'groups' else []) %}{% do print(key ~ ':' ~ group | length) %}{% endfor %}" +
          "{% do t.select('plays') if code == 'missing' %}{% do t.where('viewers') if code == 'not_callable' %}{% endmacro %}",
        '{% macro columns(code) %}{% set t = ' + CHANNELS + ' %}{% set c = t.columns[\'viewers\'] %}' +
          "{% set m = t.merge([run_query(\"select 'x' as channel, 5 as plays\"), t.select(['channel', 'viewers'])]) if code == 'merge' %}" +
          "{% do m.print_csv() if code == 'merge' %}{% do print(m.column_names ~ ' ' ~ m.columns['plays'].data_type ~ ' ' ~ m.columns['viewers'].data_type) if code == 'merge' %}" +
          "{% do t.merge([t, run_query('select 1.5::double as viewers')]) if code == 'merge_types' %}" +
          "{% do print(c.values_sorted() ~ ' ' ~ c.values_without_nulls() ~ ' ' ~ c.values_without_nulls_sorted() ~ ' ' ~ t.columns['ratio'].values_sorted()) if code == 'values' %}" +
          "{% do print(t.column_types | length ~ ' ' ~ t.column_types[2] ~ ' ' ~ t.column_types[2].jsonify(t[1][2]) ~ ' ' ~ t.column_types[0]) if code == 'types' %}{% if code == 'dicts' %}{% set out = [] %}{% for row in t.rows %}{% set d = {} %}{% for name, value in row.items() %}" +
          '{% do d.update({name: t.column_types[loop.index0].jsonify(value)}) %}{% endfor %}{% do out.append(d) %}{% endfor %}{% do print(tojson(out)) %}{% endif %}' +
          "{% endmacro %}",
      ].join('\n'),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const show = async (code: string): Promise<string[]> => {
    const run = await runCli(['run-operation', 'show', '--args', `{code: ${code}}`, '--quiet', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    return run.out.split('\n');
  };

  test('order_by sorts by a column, columns or a macro, nulls last, stable, and reverse=True descends', async () => {
    assert.deepEqual(await show('order'), [HEADER, CAFE, LOFI, SPEEDRUN]);
    assert.deepEqual(await show('order_reverse'), [HEADER, SPEEDRUN, LOFI, CAFE]);
    assert.deepEqual(await show('order_columns'), [HEADER, SPEEDRUN, LOFI, CAFE]);
    // café and lofi tie on name length and keep their order
    assert.deepEqual(await show('order_macro'), [HEADER, LOFI, CAFE, SPEEDRUN]);
  });

  test('select and exclude keep the named columns with their types; limit takes a count or a slice', async () => {
    assert.deepEqual(await show('select'), ['viewers,channel', ',speedrun', '40,lofi', '9,café']);
    assert.deepEqual(await show('exclude'), ['channel,viewers,day,ok', 'speedrun,,,False', 'lofi,40,2024-01-02,True', 'café,9,2023-05-06,']);
    assert.deepEqual(await show('names'), ["('viewers',) ('channel', 'viewers', 'ratio') (Decimal('0.25'), Decimal('1.50'), None)"]);
    assert.deepEqual(await show('limit'), [HEADER, SPEEDRUN, LOFI]);
    assert.deepEqual(await show('limit_slice'), [HEADER, LOFI, CAFE]);
    assert.deepEqual(await show('limit_step'), [HEADER, SPEEDRUN, CAFE]);
  });

  test('where, find and distinct take a macro that is given each row', async () => {
    assert.deepEqual(await show('where'), [HEADER, LOFI]);
    assert.deepEqual(await show('find'), ["<agate.Row: ('lofi', 40, Decimal('1.50'), datetime.date(2024, 1, 2), True)>"]);
    // lofi and café have names of one length: the first of them stays
    assert.deepEqual(await show('distinct'), [HEADER, SPEEDRUN, LOFI]);
    assert.deepEqual(await show('chain'), [
      '| channel | viewers | ratio |        day |   ok |',
      '| ------- | ------- | ----- | ---------- | ---- |',
      '| lofi    |      40 |   1.5 | 2024-01-02 | True |',
    ]);
  });

  test('group_by gives a TableSet of each value\'s rows, keyed by the value or a macro\'s result as text, printed as its structure', async () => {
    assert.deepEqual(await show('groups'), [
      '| table | rows |',
      '| ----- | ---- |',
      '| False | 1    |',
      '| True  | 1    |',
      '|       | 1    |',
      '',
      "(False, True, None) ok <agate.MappedSequence: (<agate.Row: ('speedrun', None, Decimal('0.25'), None, False)>)>",
      HEADER,
      LOFI,
      '8:1',
      '4:2',
    ]);
  });

  test("print_json writes agate's JSON: jsonified cells, non-ASCII kept, with indent, one object a line, or keyed by a column", async () => {
    const objects = [
      '{"channel": "speedrun", "viewers": null, "ratio": 0.25, "day": null, "ok": false}',
      '{"channel": "lofi", "viewers": 40, "ratio": 1.5, "day": "2024-01-02", "ok": true}',
      '{"channel": "café", "viewers": 9, "ratio": null, "day": "2023-05-06", "ok": null}',
    ];
    assert.deepEqual(await show('json'), [`[${objects.join(', ')}]`]);
    assert.deepEqual(await show('json_lines'), objects);
    assert.deepEqual(await show('json_keyed'), [`{${objects.map((o) => `"${/"channel": "([^"]+)"/.exec(o)![1]}": ${o}`).join(', ')}}`]);
    const indented = await show('json_indent');
    assert.deepEqual(indented.slice(0, 9), ['[', '  {', '    "channel": "speedrun",', '    "viewers": null,', '    "ratio": 0.25,', '    "day": null,', '    "ok": false', '  },', '  {']);
    assert.equal(indented.at(-1), ']');
  });

  test("a table prints as agate's print_structure: each column's name and type", async () => {
    const structure = ['| column  | data_type |', '| ------- | --------- |', '| channel | Text      |', '| viewers | Integer   |', '| ratio   | Number    |', '| day     | Date      |', '| ok      | Boolean   |'];
    assert.deepEqual(await show('structure'), structure);
    assert.deepEqual(await show('str'), [...structure, '']);
  });

  test("a table's rows and columns print as agate's MappedSequence of rows and columns", async () => {
    const [rows, slice, columns] = await show('rows');
    assert.equal(
      rows,
      "<agate.MappedSequence: (<agate.Row: ('speedrun', None, Decimal('0.25'), None, False)>, <agate.Row: ('lofi', 40, Decimal('1.50'), datetime.date(2024, 1, 2), True)>," +
        " <agate.Row: ('café', 9, None, datetime.date(2023, 5, 6), None)>)>",
    );
    // a slice is a tuple, as agate's sequences slice into tuples
    assert.equal(slice, "(<agate.Column: ('speedrun', 'lofi', 'café')>, <agate.Column: (None, 40, 9)>)");
    assert.equal(
      columns,
      "<agate.MappedSequence: (<agate.Column: ('speedrun', 'lofi', 'café')>, <agate.Column: (None, 40, 9)>, <agate.Column: (Decimal('0.25'), Decimal('1.50'), None)>," +
        ' <agate.Column: (None, datetime.date(2024, 1, 2), datetime.date(2023, 5, 6))>, <agate.Column: (False, True, None)>)>',
    );
  });

  const columns = async (code: string): Promise<string[]> => {
    const run = await runCli(['run-operation', 'columns', '--args', `{code: ${code}}`, '--quiet', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    return run.out.split('\n');
  };

  test("column_types are agate's type objects, and a column has its sorted and null-free values", async () => {
    assert.deepEqual(await columns('types'), ['5 <agate.data_types.number.Number object> 1.5 <agate.data_types.text.Text object>']);
    assert.deepEqual(await columns('values'), ["[9, 40, None] (40, 9) [9, 40] [Decimal('0.25'), Decimal('1.50'), None]"]);
  });

  test("a row's cells made JSON-ready through column_types[i].jsonify(), as packages serialize run_query results", async () => {
    assert.deepEqual(await columns('dicts'), [
      '[{"channel": "speedrun", "viewers": null, "ratio": 0.25, "day": null, "ok": false}, {"channel": "lofi", "viewers": 40, "ratio": 1.5, "day": "2024-01-02", "ok": true},' +
        ' {"channel": "caf\\u00e9", "viewers": 9, "ratio": null, "day": "2023-05-06", "ok": null}]',
    ]);
  });

  test('merge puts the rows of several tables under the union of their columns, None where a table lacks one', async () => {
    assert.deepEqual(await columns('merge'), [
      'channel,plays,viewers',
      'x,5,',
      'speedrun,,',
      'lofi,,40',
      'café,,9',
      "('channel', 'plays', 'viewers') <dbt_common.clients.agate_helper.Integer object> <dbt_common.clients.agate_helper.Integer object>",
    ]);
    const clash = await runCli(['run-operation', 'columns', '--args', '{code: merge_types}', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(clash.code, 0);
    assert.match(clash.out + clash.err, /Tables contain columns with the same names, but different types/);
  });

  test('a missing column or a test that is not a macro fails the operation with a message', async () => {
    const missing = await runCli(['run-operation', 'show', '--args', '{code: missing}', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.out + missing.err, /KeyError: 'plays'/);
    const notCallable = await runCli(['run-operation', 'show', '--args', '{code: not_callable}', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(notCallable.code, 0);
    assert.match(notCallable.out + notCallable.err, /'str' object is not callable/);
  });
});
