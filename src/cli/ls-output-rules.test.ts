// End to end: what `ls` prints follows dbt's list task: unique_id order, analyses only on request,
// --models meaning models only, and --output-keys as plain or dotted keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile, listLines } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-ls-rules-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: depot\nprofile: depot\n');
  writeProjectFile(dir, 'profiles.yml', 'depot:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: depot.duckdb\n');
  writeProjectFile(dir, 'models/zones/racks.sql', "{{ config(materialized='table') }}\nselect 7 as rack_id\n");
  writeProjectFile(dir, 'models/bins.sql', "select rack_id from {{ ref('racks') }}\n");
  writeProjectFile(dir, 'models/bins.yml', 'models:\n  - name: bins\n    columns:\n      - name: rack_id\n        data_tests: [not_null]\n');
  // A singular test's path sorts after the YAML file, but its unique_id sorts between the generic tests'.
  writeProjectFile(dir, 'tests/a_rack_check.sql', "select * from {{ ref('racks') }} where rack_id < 0\n");
  writeProjectFile(dir, 'models/zz.yml', 'models:\n  - name: racks\n    columns:\n      - name: rack_id\n        data_tests: [unique]\n');
  writeProjectFile(dir, 'models/bins_unit.yml', "unit_tests:\n  - name: bins_keep_racks\n    model: bins\n    given:\n      - input: ref('racks')\n        rows: [{rack_id: 1}]\n    expect:\n      rows: [{rack_id: 1}]\n");
  writeProjectFile(dir, 'analyses/audit/rack_report.sql', "select count(*) from {{ ref('racks') }}\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ls = (...args: string[]): Promise<string[]> => listLines(dir, ...args);

test('ls leaves analyses out unless --resource-type all or analysis asks; their selector carries "analysis"', async () => {
  assert.ok(!(await ls()).some((line) => line.includes('rack_report')));
  assert.ok(!(await ls('--resource-type', 'default')).some((line) => line.includes('rack_report')));
  assert.ok((await ls('--resource-type', 'all')).includes('depot.analysis.audit.rack_report'));
  assert.deepEqual(await ls('--resource-type', 'analysis'), ['depot.analysis.audit.rack_report']);
  assert.deepEqual(await ls('--exclude-resource-type', 'test', 'model', 'unit_test'), []);
});

test('ls prints in unique_id order whatever the output format', async () => {
  // not_null_bins (test.depot.not_null...), a_rack_check (test.depot.a_rack_check) and unique_racks sort by unique_id.
  assert.deepEqual(await ls('--resource-type', 'test', '--output', 'name'), ['a_rack_check', 'not_null_bins_rack_id', 'unique_racks_rack_id']);
  assert.deepEqual(await ls('--resource-type', 'test', '--output', 'path'), ['tests/a_rack_check.sql', 'models/bins.yml', 'models/zz.yml']);
});

test('ls --models lists models only and refuses --select or --resource-type beside it', async () => {
  assert.deepEqual(await ls('--models', 'racks+'), ['depot.bins', 'depot.zones.racks']);
  const both = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '--models', 'racks', '--select', 'bins']);
  assert.equal(both.code, 2);
  assert.match(both.err, /"models" and "select" are mutually exclusive/);
  assert.equal((await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-m', 'racks', '--resource-type', 'model'])).code, 2);
});

test('ls writes target/manifest.json as dbt list does, unless --no-write-json', async () => {
  rmSync(join(dir, 'target'), { recursive: true, force: true });
  await ls('--no-write-json');
  assert.ok(!existsSync(join(dir, 'target', 'manifest.json')));
  await ls();
  assert.ok(existsSync(join(dir, 'target', 'manifest.json')));
});

test('ls --output-keys takes repeated, comma-separated and dotted keys', async () => {
  const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(parse(await ls('-s', 'racks', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name,alias', '--output-keys', 'config.materialized')),
    [{ name: 'racks', alias: 'racks', 'config.materialized': 'table' }]);
  assert.deepEqual(parse(await ls('-m', 'racks', '--output', 'json', '--output-keys', 'config.no_such_key')), [{}]);
});

test('ls --output-keys takes keys given as one space-separated argument, as dbt\'s multi-value flag splits it', async () => {
  assert.deepEqual(await ls('-s', 'racks', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name resource_type'), ['{"name": "racks", "resource_type": "model"}']);
});

test('ls --output json prints each line as Python json.dumps does', async () => {
  assert.deepEqual(await ls('-s', 'racks', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name,alias'), ['{"name": "racks", "alias": "racks"}']);
});

test('a unit test lists as unit_test:<package>.<name>, its JSON without a top-level tags key', async () => {
  assert.deepEqual(await ls('--resource-type', 'unit_test'), ['unit_test:depot.bins_keep_racks']);
  const [json] = await ls('--resource-type', 'unit_test', '--output', 'json');
  assert.deepEqual(Object.keys(JSON.parse(json!) as Record<string, unknown>).sort(), ['config', 'depends_on', 'name', 'original_file_path', 'package_name', 'resource_type', 'unique_id']);
});

test('ls of a selection that matches only a disabled model warns as dbt list does, "No nodes selected!", and exits 0', async () => {
  writeProjectFile(dir, 'models/retired_racks.sql', "{{ config(enabled=false) }}\nselect 1 as rack_id\n");
  const run = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-s', 'retired_racks']);
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out.trim().split('\n').filter((l) => !/\d\d:\d\d:\d\d/.test(l)).join(''), '');
  const said = run.err + run.out;
  assert.match(said, /The selection criterion 'retired_racks' does not match any enabled nodes[\s\S]*No nodes selected!/);
  const strict = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-s', 'retired_racks', '--warn-error-options', '{"error": ["NoNodesSelected"]}']);
  assert.equal(strict.code, 2);
  assert.match(strict.err, /No nodes selected!/);
});
