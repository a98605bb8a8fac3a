// End to end: dbt 1.10 reports stray keys in property files, config blocks and dbt_project.yml
// (CustomTopLevelKeyDeprecation, CustomKeyInObjectDeprecation, CustomKeyInConfigDeprecation,
// MissingPlusPrefixDeprecation, SourceOverrideDeprecation) from its JSON-schema checks, which run
// only on Snowflake, Databricks, BigQuery and Redshift. On DuckDB a project with such keys parses
// and builds without a warning, a deprecation count or a --warn-error failure; --debug still
// names a stray top-level key. An unknown top-level key of dbt_project.yml is another matter: dbt's
// project contract refuses it on every adapter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const lines = (text: string): string[] => text.split('\n').filter(Boolean).map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
const PROJECT = 'name: loom\nprofile: loom\nmodels:\n  loom:\n    materialized: table\n    +weaver: ada\n';

before(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'reelhouse-schema-check-')), 'loom');
  writeProjectFile(dir, 'dbt_project.yml', PROJECT);
  writeProjectFile(dir, 'profiles.yml', 'loom:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: loom.duckdb\n');
  writeProjectFile(dir, 'models/threads.sql', "{{ config(spool_colour='red') }}\nselect 1 as thread_id\n");
  writeProjectFile(dir, 'models/props.yml', [
    'version: 2',
    'shuttles:',
    '  - warp',
    'models:',
    '  - name: threads',
    '    loom_notes: hand-made',
    '    config:',
    '      tension: high',
    '    columns:',
    '      - name: thread_id',
    '        fibre: wool',
    '        data_tests: [unique]',
    '',
  ].join('\n'));
});
after(() => rm(join(dir, '..'), { recursive: true, force: true }));

test('stray keys in property files, config blocks and dbt_project.yml give no warning on DuckDB', async () => {
  for (const args of [['build'], ['--warn-error', 'build'], ['parse', '--warn-error-options', '{"error": "all"}']]) {
    const run = await cli(...args);
    assert.equal(run.code, 0, `${args.join(' ')}\n${run.out}\n${run.err}`);
    assert.equal(run.err, '', args.join(' '));
    const out = lines(run.out);
    assert.deepEqual(out.filter((l) => /warn|deprecat|unknown key|shuttles/iu.test(l) && !/WARN=0/u.test(l)), [], args.join(' '));
    if (args.includes('build')) assert.equal(out.at(-1), 'Done. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
    else assert.deepEqual(out.slice(2), [`Performance info: ${join(dir, 'target', 'perf_info.json')}`]);
  }
  // A `+`-less key with a plain value is still a config, as in dbt: the model is a table.
  const [rows] = await queryDb(join(dir, 'loom.duckdb'), "select table_type from information_schema.tables where table_name = 'threads'");
  assert.deepEqual(rows, [['BASE TABLE']]);
});

test('--debug names a stray top-level key of a property file, at debug level', async () => {
  const run = await cli('parse', '--debug');
  assert.equal(run.code, 0, run.out + run.err);
  assert.equal(run.err, '');
  const note = lines(run.out).filter((l) => l.includes('shuttles'));
  assert.equal(note.length, 1, run.out);
  assert.match(note[0]!, /^Note: .*models\/props\.yml:2: Unknown key 'shuttles' in property file models\/props\.yml is ignored\.$/u);
});

test('an unknown top-level key of dbt_project.yml stops the command, as dbt\'s project contract does', async () => {
  writeProjectFile(dir, 'dbt_project.yml', `${PROJECT}modles:\n  +materialized: view\ncustom_metadata: {owner: ada}\n`);
  try {
    for (const args of [['parse'], ['build']]) {
      const run = await cli(...args);
      assert.equal(run.code, 2, run.out + run.err);
      assert.equal(run.err, [
        `Error: ${join(dir, 'dbt_project.yml')}:7: at path []: Additional properties are not allowed ('custom_metadata', 'modles' were unexpected)`,
        "  Fix the spelling or remove the key; custom settings belong under vars: or a config's meta:. [project-invalid]",
      ].join('\n'));
    }
  } finally {
    writeProjectFile(dir, 'dbt_project.yml', PROJECT);
  }
});
