// End to end: dbt's snapshot strategies stamp new versions with snapshot_get_time() and build
// dbt_scd_id with snapshot_hash_arguments(), both dispatched in the 'dbt' namespace. A project's
// duckdb__/default__ form replaces dbt's in the rows a snapshot writes, on its first and later runs:
// https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch#overriding-global-macros
// dbt also finds a strategy's macro (snapshot_check_strategy...) by name, so a project's macro of
// that name decides what counts as a change.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

const FILES = {
  'dbt_project.yml': `name: lighthouse
version: '1.0.0'
config-version: 2
profile: lighthouse
snapshot-paths: ["snapshots"]
macro-paths: ["macros"]
`,
  'profiles.yml': `lighthouse:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: lighthouse.duckdb
      schema: main
      threads: 1
`,
  // The keepers log in station time, fixed per run by a variable; ids are readable key/time pairs.
  'macros/snapshot_overrides.sql': `{% macro duckdb__snapshot_get_time() -%}
  cast('{{ var("watch_start") }}' as timestamp)
{%- endmacro %}

{% macro default__snapshot_hash_arguments(args) -%}
  concat_ws('/', {% for arg in args %}cast({{ arg }} as varchar){{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}
`,
  'snapshots/lamp_status.sql': `{% snapshot lamp_status %}
{{ config(target_schema='main', unique_key='lamp', strategy='check', check_cols=['status']) }}
select * from main.lamps
{% endsnapshot %}
`,
};

describe("a project's snapshot_get_time, snapshot_hash_arguments and strategy macros", () => {
  let dir = '';
  const dirs: string[] = [];
  after(() => Promise.all([dir, ...dirs].filter((d) => d !== '').map((d) => rm(d, { recursive: true, force: true }))));

  test('stamp and identify the versions a check snapshot writes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-snapshot-overrides-'));
    for (const [path, text] of Object.entries(FILES)) writeProjectFile(dir, path, text);
    const db = join(dir, 'lighthouse.duckdb');
    await queryDb(db, "create table main.lamps as select * from (values (1, 'lit'), (2, 'dark')) as t(lamp, status)");
    const snapshot = (watch: string) => runCli(['snapshot', '--project-dir', dir, '--profiles-dir', dir, '--vars', `{watch_start: '${watch}'}`]);
    const first = await snapshot('2031-05-01 20:00:00');
    assert.equal(first.code, 0, `${first.out}\n${first.err}`);
    await queryDb(db, "update main.lamps set status = 'lit' where lamp = 2");
    const second = await snapshot('2031-05-02 20:00:00');
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [rows] = await queryDb(
      db,
      'select lamp, status, dbt_scd_id, cast(dbt_valid_from as varchar), cast(dbt_valid_to as varchar) from main.lamp_status order by lamp, dbt_valid_from',
    );
    assert.deepEqual(rows, [
      [1, 'lit', '1/2031-05-01 20:00:00', '2031-05-01 20:00:00', null],
      [2, 'dark', '2/2031-05-01 20:00:00', '2031-05-01 20:00:00', '2031-05-02 20:00:00'],
      [2, 'lit', '2/2031-05-02 20:00:00', '2031-05-02 20:00:00', null],
    ]);
  });

  test("the project's snapshot_check_strategy decides which rows changed", async () => {
    const caseDir = await mkdtemp(join(tmpdir(), 'reelhouse-snapshot-check-override-'));
    dirs.push(caseDir);
    const files: Record<string, string> = {
      ...FILES,
      // Status words compared without case: 'LIT' is no change from 'lit'.
      'macros/snapshot_overrides.sql': `{% macro snapshot_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
  {%- set strategy = dbt.snapshot_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
  {%- do strategy.update({'row_changed': 'lower(' ~ snapshotted_rel ~ '.status) != lower(' ~ current_rel ~ '.status)'}) -%}
  {{ return(strategy) }}
{%- endmacro %}
`,
    };
    for (const [path, text] of Object.entries(files)) writeProjectFile(caseDir, path, text);
    const db = join(caseDir, 'lighthouse.duckdb');
    await queryDb(db, "create table main.lamps as select * from (values (1, 'lit'), (2, 'dark')) as t(lamp, status)");
    const snapshot = () => runCli(['snapshot', '--project-dir', caseDir, '--profiles-dir', caseDir]);
    assert.equal((await snapshot()).code, 0);
    await queryDb(db, "update main.lamps set status = 'LIT' where lamp = 1", "update main.lamps set status = 'lit' where lamp = 2");
    const second = await snapshot();
    assert.equal(second.code, 0, `${second.out}\n${second.err}`);
    const [rows] = await queryDb(db, 'select lamp, status, dbt_valid_to is null from main.lamp_status order by lamp, dbt_valid_from');
    assert.deepEqual(rows, [
      [1, 'lit', true],
      [2, 'dark', false],
      [2, 'lit', true],
    ]);
  });
});
