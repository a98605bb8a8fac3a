// End to end: is_incremental and run_query are macros of dbt's global project. dbt's manifest
// lists them among its macros, in the depends_on.macros of a node that calls them from its own
// code (not from inside another macro), and in those of the macros whose source calls them.
// Their behaviour is unchanged: an incremental model still builds incrementally.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface ManifestShape {
  nodes: Record<string, { depends_on: { macros: string[] } }>;
  macros: Record<string, { package_name: string; original_file_path: string; depends_on: { macros: string[] } }>;
}

describe('is_incremental and run_query as dbt macros', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-builtin-macro-deps-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: depot\nversion: '1.0.0'\nprofile: depot\n");
    writeProjectFile(dir, 'profiles.yml', 'depot:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: depot.duckdb\n');
    writeProjectFile(dir, 'macros/helpers.sql', [
      '{% macro max_id(relation) %}{{ return(run_query("select max(id) from " ~ relation).columns[0][0]) }}{% endmacro %}',
      "{% macro since_last_run() %}{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}{% endmacro %}",
      '',
    ].join('\n'));
    writeProjectFile(dir, 'models/events.sql', 'select range as id from range(3)\n');
    writeProjectFile(dir, 'models/events_inc.sql', [
      "{{ config(materialized='incremental') }}",
      "select id from {{ ref('events') }}",
      '{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}',
      '',
    ].join('\n'));
    writeProjectFile(dir, 'models/events_via_macro.sql', "{{ config(materialized='incremental') }}\nselect id from {{ ref('events') }} {{ since_last_run() }}\n");
    writeProjectFile(dir, 'models/events_count.sql', [
      "{% set rows = run_query('select 1 as one') %}",
      "select count(*) as n from {{ ref('events') }}",
      '',
    ].join('\n'));
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the manifest lists both among the macros of package dbt', () => {
    const { macros } = readArtifact<ManifestShape>(dir, 'manifest.json');
    assert.equal(macros['macro.dbt.is_incremental']?.package_name, 'dbt');
    assert.equal(macros['macro.dbt.run_query']?.package_name, 'dbt');
    assert.deepEqual(macros['macro.dbt.run_query']!.depends_on.macros, ['macro.dbt.statement']);
    assert.deepEqual(macros['macro.dbt.is_incremental']!.depends_on.macros, ['macro.dbt.should_full_refresh']);
  });

  test('a node calling them from its own code depends on them', () => {
    const { nodes } = readArtifact<ManifestShape>(dir, 'manifest.json');
    assert.deepEqual(nodes['model.depot.events_inc']!.depends_on.macros, ['macro.dbt.is_incremental']);
    assert.deepEqual(nodes['model.depot.events_count']!.depends_on.macros, ['macro.dbt.run_query']);
  });

  test('a call from inside another macro is that macro’s dependency, not the node’s', () => {
    const { nodes, macros } = readArtifact<ManifestShape>(dir, 'manifest.json');
    assert.deepEqual(nodes['model.depot.events_via_macro']!.depends_on.macros, ['macro.depot.since_last_run']);
    assert.deepEqual(macros['macro.depot.since_last_run']!.depends_on.macros, ['macro.dbt.is_incremental']);
    assert.deepEqual(macros['macro.depot.max_id']!.depends_on.macros, ['macro.dbt.run_query']);
  });

  test('an incremental model still adds only new rows on the next build', async () => {
    writeProjectFile(dir, 'models/events.sql', 'select range as id from range(5)\n');
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [inc, viaMacro] = await queryDb(join(dir, 'depot.duckdb'), 'select count(*), count(distinct id) from main.events_inc', 'select count(*) from main.events_via_macro');
    assert.deepEqual(inc[0]!.map(Number), [5, 5]);
    assert.deepEqual(viaMacro[0]!.map(Number), [5]);
  });

  test('run-operation can still call run_query by name', async () => {
    const run = await runCli(['run-operation', 'run_query', '--args', '{sql: "select 42"}', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  });
});
