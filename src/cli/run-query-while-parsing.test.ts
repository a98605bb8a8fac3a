// End to end: while a project is parsed, run_query gives what dbt's does (load_result(...).table
// with no stored result): an undefined that loops over nothing and absorbs attributes, items and
// calls, so a macro that reads the catalog without `{% if execute %}` parses, and builds for real.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a macro that loops over run_query rows without an execute guard parses, and builds from the real rows', async () => {
  dir = await newProject('ledgers');
  writeProjectFile(
    dir,
    'macros/column_list.sql',
    [
      '{% macro column_list(table_name) %}',
      "  {%- set results = run_query(\"select column_name from information_schema.columns where table_name = '\" ~ table_name ~ \"' order by ordinal_position\") -%}",
      '  {%- set names = [] -%}',
      '  {%- for row in results -%}{%- do names.append(row[\'column_name\']) -%}{%- endfor -%}',
      '  {%- set first = results.columns[0].values()[0] -%}',
      "  {{ return(names | join(' || ') if names else \"'none'\") }}",
      '{% endmacro %}',
      '',
    ].join('\n'),
  );
  writeProjectFile(dir, 'models/accounts.sql', "select 'a' as code, 'x' as label\n");
  writeProjectFile(dir, 'models/account_keys.sql', "-- depends_on: {{ ref('accounts') }}\nselect {{ column_list('accounts') }} as account_key from {{ ref('accounts') }}\n");
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(build.code, 0, build.out + build.err);
  const compiled = readFileSync(join(dir, 'target/compiled/ledgers/models/account_keys.sql'), 'utf8');
  assert.match(compiled, /select code \|\| label as account_key/);
  const [rows] = await queryDb(join(dir, 'ledgers.duckdb'), 'select account_key from account_keys');
  assert.deepEqual(rows, [['ax']]);
});
