// End to end: attribute and slice access on a run_query result over DuckDB, as agate answers
// it under Jinja: a Column's `index` is its position (agate's property, not the sequence's
// index() method), and `table[a:b]`, `rows[a:b]` and `columns[a:b]` are tuples.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

const QUERY = `select * from (values ('lofi', 40, 'a'), ('speedrun', null, 'b'), ('café', 9, 'c')) as v(channel, viewers, "index") order by channel desc`;

describe('agate Column attributes and slices of run_query results', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('almanac');
    writeProjectFile(
      dir,
      'macros/access.sql',
      [
        '{% macro probe(code) %}{% set sql %}' + QUERY + '{% endset %}{% set t = run_query(sql) %}',
        "{% if code == 'index' %}{% for c in t.columns %}{% do print(c.name ~ '=' ~ c.index) %}{% endfor %}",
        "{% do print(t.columns['viewers'].index + 1) %}{% do print(t.columns[0].count('lofi')) %}",
        "{% do print(t.rows[0].index('speedrun')) %}{% do print(t.rows[0]['index']) %}{% endif %}",
        "{% if code == 'call_index' %}{% do t.columns[0].index('lofi') %}{% endif %}",
        "{% if code == 'slice' %}{% do print(t[0:2]) %}{% do print(t[-1:]) %}{% do print(t.rows[1:]) %}{% do print(t.columns[:2]) %}",
        "{% do print(t.columns['viewers'][0:2]) %}{% for row in t[1:] %}{% do print(row['channel']) %}{% endfor %}{% endif %}",
        "{% if code == 'bad_slice' %}{% do print(t['x':]) %}{% endif %}",
        '{% endmacro %}',
      ].join('\n'),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const probe = (code: string) => runCli(['run-operation', 'probe', '--args', `{code: ${code}}`, '--quiet', '--project-dir', dir, '--profiles-dir', dir]);

  test("a Column's index is its position, while a Row's index() and a Column's count() stay the sequence methods", async () => {
    const run = await probe('index');
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(run.out.trim().split('\n'), ['channel=0', 'viewers=1', 'index=2', '2', '1', '0', 'b']);
  });

  test("calling a Column's index is calling an int", async () => {
    const run = await probe('call_index');
    assert.notEqual(run.code, 0);
    assert.match(run.out + run.err, /'int' object is not callable/);
  });

  test('a table, its rows and its columns slice into tuples, as agate MappedSequence does', async () => {
    const run = await probe('slice');
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(run.out.trim().split('\n'), [
      "(<agate.Row: ('speedrun', None, 'b')>, <agate.Row: ('lofi', 40, 'a')>)",
      "(<agate.Row: ('café', 9, 'c')>,)",
      "(<agate.Row: ('lofi', 40, 'a')>, <agate.Row: ('café', 9, 'c')>)",
      "(<agate.Column: ('speedrun', 'lofi', 'café')>, <agate.Column: (None, 40, 9)>)",
      '(None, 40)',
      'lofi',
      'café',
    ]);
  });

  test('a slice with a string bound is a TypeError, as in Python', async () => {
    const run = await probe('bad_slice');
    assert.notEqual(run.code, 0);
    assert.match(run.out + run.err, /slice indices must be integers or None or have an __index__ method/);
  });
});
