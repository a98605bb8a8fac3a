// End to end: on-run-start/on-run-end hooks of installed packages run as dbt runs them:
// packages first, sorted by name, each in its own order, the root project's last; each
// renders with its own package's vars and macros, and a failure names that package's file.
// Every hook is also an operation node of manifest.json, as dbt's parser makes them.
import { after, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface RunResults {
  results: { unique_id: string; status: string; message: string | null }[];
}

let base = '';
let dir = '';

// Each hook appends a numbered row, so the table records the order hooks ran in.
const append = (what: string) => `"insert into main.hook_log select count(*) + 1, '${what}' from main.hook_log"`;

beforeEach(async () => {
  if (base) await rm(base, { recursive: true, force: true });
  base = await mkdtemp(join(tmpdir(), 'reelhouse-pkg-hooks-'));
  dir = join(base, 'shop');
  writeProjectFile(dir, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n');
  writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: ../zeta_pkg\n  - local: ../alpha_pkg\n');
  writeProjectFile(dir, 'models/orders.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'macros/label.sql', "{% macro label() %}root-label{% endmacro %}\n");
  writeProjectFile(base, 'alpha_pkg/dbt_project.yml', [
    'name: alpha_pkg',
    'vars:',
    '  who: alpha-var',
    'on-run-start:',
    '  - "create table if not exists main.hook_log (seq integer, what varchar)"',
    `  - ${append("{{ var('who') }}")}`,
    `  - ${append('{{ label() }}')}`,
    'on-run-end:',
    `  - ${append('alpha-end')}`,
    '',
  ].join('\n'));
  writeProjectFile(base, 'alpha_pkg/macros/label.sql', "{% macro label() %}alpha-label{% endmacro %}\n");
  writeProjectFile(base, 'zeta_pkg/dbt_project.yml', ['name: zeta_pkg', 'on-run-start:', `  - ${append('zeta')}`, ''].join('\n'));
});
after(() => (base ? rm(base, { recursive: true, force: true }) : undefined));

const deps = async () => {
  const run = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
};

test("packages' hooks run first, by package name, in their own var() scope and macro namespace; the root project's last", async () => {
  writeProjectFile(dir, 'dbt_project.yml', [
    'name: shop',
    'profile: shop',
    // Scoped to the root project: a root-level global `who` would win over the package's own, as in dbt.
    'vars:',
    '  shop:',
    '    who: root-var',
    'on-run-start:',
    `  - ${append("{{ var('who') }}/{{ label() }}")}`,
    'on-run-end:',
    `  - ${append('root-end')}`,
    '',
  ].join('\n'));
  await deps();
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const rr = readArtifact<RunResults>(dir, 'run_results.json');
  assert.deepEqual(rr.results.map((r) => [r.unique_id, r.status]), [
    ['operation.alpha_pkg.alpha_pkg-on-run-start-0', 'success'],
    ['operation.alpha_pkg.alpha_pkg-on-run-start-1', 'success'],
    ['operation.alpha_pkg.alpha_pkg-on-run-start-2', 'success'],
    ['operation.zeta_pkg.zeta_pkg-on-run-start-0', 'success'],
    ['operation.shop.shop-on-run-start-0', 'success'],
    ['model.shop.orders', 'success'],
    ['operation.alpha_pkg.alpha_pkg-on-run-end-0', 'success'],
    ['operation.shop.shop-on-run-end-0', 'success'],
  ]);
  assert.match(run.out, /hook: alpha_pkg\.on-run-start\.0/);
  const [rows] = await queryDb(join(dir, 'shop.duckdb'), 'select seq, what from main.hook_log order by seq');
  assert.deepEqual(rows.map((r) => [Number(r[0]), r[1]]), [
    [1, 'alpha-var'],
    [2, 'alpha-label'],
    [3, 'zeta'],
    [4, 'root-var/root-label'],
    [5, 'alpha-end'],
    [6, 'root-end'],
  ]);
});

test("a failing package hook is an error naming the package's dbt_project.yml and line, and skips the hooks after it (the models still run, as in dbt 1.10)", async () => {
  writeProjectFile(dir, 'dbt_project.yml', ['name: shop', 'profile: shop', 'on-run-start:', `  - ${append('root')}`, ''].join('\n'));
  writeProjectFile(base, 'zeta_pkg/dbt_project.yml', ['name: zeta_pkg', 'on-run-start:', `  - ${append('zeta')}`, '  - "select * from main.no_such_table"', ''].join('\n'));
  await deps();
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const rr = readArtifact<RunResults>(dir, 'run_results.json');
  const status = new Map(rr.results.map((r) => [r.unique_id, r.status]));
  assert.equal(status.get('operation.zeta_pkg.zeta_pkg-on-run-start-0'), 'success');
  assert.equal(status.get('operation.zeta_pkg.zeta_pkg-on-run-start-1'), 'error');
  assert.equal(status.get('operation.shop.shop-on-run-start-0'), 'skipped');
  assert.equal(status.get('model.shop.orders'), 'success');
  const message = rr.results.find((r) => r.status === 'error')!.message!;
  // dbt names the hook by its package and its place among all the on-run-start hooks.
  assert.match(message, /^zeta_pkg\.on-run-start\.4 failed, error:\n Catalog Error: .*no_such_table/);
  // After dbt's words, the summary points at the package's dbt_project.yml and the hook's line there.
  assert.match(run.out, /the hook is written at dbt_packages[/\\]zeta_pkg[/\\]dbt_project\.yml line 4: fix it/);
});

test("every project's hooks are operation nodes of manifest.json, counted in the Found line, and the manifest still validates", async () => {
  writeProjectFile(dir, 'dbt_project.yml', ['name: shop', 'profile: shop', 'on-run-end:', '  - "select 1"', '  - "select {{ 2 }}"', ''].join('\n'));
  await deps();
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  // alpha_pkg has 3 + 1 hooks, zeta_pkg 1, the root project 2.
  assert.match(run.out, /Found 1 model, 7 operations, \d+ macros/);
  const manifest = readArtifact<{ nodes: Record<string, Record<string, unknown>>; parent_map: Record<string, string[]>; child_map: Record<string, string[]> }>(dir, 'manifest.json');
  const operations = Object.keys(manifest.nodes).filter((id) => manifest.nodes[id]!.resource_type === 'operation').sort();
  assert.deepEqual(operations, [
    'operation.alpha_pkg.alpha_pkg-on-run-end-0',
    'operation.alpha_pkg.alpha_pkg-on-run-start-0',
    'operation.alpha_pkg.alpha_pkg-on-run-start-1',
    'operation.alpha_pkg.alpha_pkg-on-run-start-2',
    'operation.shop.shop-on-run-end-0',
    'operation.shop.shop-on-run-end-1',
    'operation.zeta_pkg.zeta_pkg-on-run-start-0',
  ]);
  const end = manifest.nodes['operation.shop.shop-on-run-end-1']!;
  assert.equal(end.raw_code, 'select {{ 2 }}');
  // After the run, dbt numbers each hook by its place among the on-run-end hooks it ran (alpha_pkg's first).
  assert.equal(end.index, 3);
  assert.deepEqual(end.tags, ['on-run-end']);
  assert.deepEqual(end.fqn, ['shop', 'hooks', 'shop-on-run-end-1']);
  assert.equal(end.path, 'hooks/shop-on-run-end-1.sql');
  assert.equal(end.original_file_path, './dbt_project.yml');
  assert.equal(end.package_name, 'shop');
  assert.equal(end.relation_name, null);
  assert.deepEqual(manifest.parent_map['operation.zeta_pkg.zeta_pkg-on-run-start-0'], []);
  assert.deepEqual(manifest.child_map['operation.zeta_pkg.zeta_pkg-on-run-start-0'], []);
  const valid = loadSchemaValidator('manifest/v12.json')(manifest);
  assert.ok(valid.valid, valid.errors);
  // They are not resources to list or select.
  const ls = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-q']);
  assert.equal(ls.out.trim(), 'shop.orders');
});
