// End to end: init, debug, parse, compile, show, run-operation, clean, seed --full-refresh,
// --threads, --vars, project hooks and model hooks, on real projects in temp folders.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyProject, hasStackTrace, newProject, queryDb, readArtifact, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

describe('init creates a project that builds', () => {
  let base = '';
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'reelhouse-init-'));
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('init writes a starter project (-s and the global flags taken), debug checks it, build runs it', async () => {
    const init = await runCli(['init', 'starter_shop'], base);
    assert.equal(init.code, 0, init.err);
    const dir = join(base, 'starter_shop');
    for (const f of ['dbt_project.yml', 'profiles.yml', 'models/example/my_first_model.sql', 'models/example/schema.yml']) {
      assert.ok(existsSync(join(dir, f)), f);
    }
    const again = await runCli(['init', 'starter_shop'], base);
    assert.equal(again.code, 0, 'an existing folder is left as it is');
    assert.match(again.out, /A project called starter_shop already exists here\./);
    const bad = await runCli(['init', '9-bad name'], base);
    assert.equal(bad.code, 2);
    // dbt's init takes -s for --skip-profile-setup, and the global flags as every command does.
    const bare = await runCli(['init', '-s', 'bare_shop', '--quiet', '--no-version-check'], base);
    assert.equal(bare.code, 0, bare.err);
    assert.equal(bare.out, '');
    assert.ok(existsSync(join(base, 'bare_shop', 'dbt_project.yml')) && !existsSync(join(base, 'bare_shop', 'profiles.yml')));

    const debug = await runCli(['debug', '--project-dir', dir]);
    assert.equal(debug.code, 0, debug.err);
    assert.match(debug.out, /Connection test: \[OK connection ok\]/);
    assert.match(debug.out, /All checks passed!/);

    const build = await runCli(['build'], dir);
    assert.equal(build.code, 0, `${build.out}\n${build.err}`);
    assert.match(build.out, /Done\. PASS=6 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=6/);
    const [rows] = await queryDb(join(dir, 'starter_shop.duckdb'), 'select id from main.my_second_model');
    assert.deepEqual(rows, [[1]]);
  });

  test('--profiles-dir and --target choose the warehouse file and schema', async () => {
    const dir = join(base, 'starter_shop');
    const profiles = join(base, 'profiles_elsewhere');
    writeProjectFile(profiles, 'profiles.yml', `starter_shop:
  target: dev
  outputs:
    dev: {type: duckdb, path: "{{ env_var('STARTER_DIR') }}/dev_other.duckdb", schema: dev_schema}
    prod: {type: duckdb, path: "{{ env_var('STARTER_DIR') }}/prod.duckdb", schema: analytics, threads: 2}
`);
    process.env['STARTER_DIR'] = dir;
    try {
      const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', profiles, '--target', 'prod']);
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
      assert.match(run.out, /Concurrency: 2 threads \(target='prod'\)/);
      const [rows] = await queryDb(join(dir, 'prod.duckdb'), 'select count(*) from analytics.my_first_model');
      assert.equal(Number(rows![0]![0]), 2);
      assert.ok(!existsSync(join(dir, 'dev_other.duckdb')));
    } finally {
      delete process.env['STARTER_DIR'];
    }
  });

  test('debug reports a broken profile and exits 1', async () => {
    const dir = join(base, 'broken');
    writeProjectFile(dir, 'dbt_project.yml', "name: broken\nprofile: nowhere\nversion: '1'\n");
    writeProjectFile(dir, 'profiles.yml', 'other:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: x.duckdb}\n');
    const debug = await runCli(['debug', '--project-dir', dir]);
    assert.equal(debug.code, 1);
    assert.match(debug.out, /ERROR/);
    assert.match(debug.out, /nowhere/);
    assert.ok(!hasStackTrace(debug.out));
  });
});

describe('commands on the jaffle fixture', () => {
  let dir = '';
  const db = (): string => join(dir, 'jaffle_shop.duckdb');
  before(async () => {
    dir = await copyProject('test/fixtures/jaffle');
    writeProjectFile(dir, 'macros/make_table.sql', `{% macro make_numbers(table_name, how_many=3) %}
  {% set sql %}create or replace table main.{{ table_name }} as select range as n from range({{ how_many }}){% endset %}
  {% do run_query(sql) %}
  {% set counted = run_query('select count(*) from main.' ~ table_name) %}
  {{ log('made ' ~ table_name ~ ' with ' ~ counted.columns[0].values()[0] ~ ' rows', info=True) }}
{% endmacro %}
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('parse writes target/manifest.json without touching the warehouse', async () => {
    const run = await runCli(['parse', '--project-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const m = readArtifact<{ nodes: Record<string, { compiled_code?: string; relation_name?: string }> }>(dir, 'manifest.json');
    assert.equal(m.nodes['model.jaffle_shop.orders']?.relation_name, '"jaffle_shop"."main"."orders"');
    assert.ok(!existsSync(db()), 'parse opens no database');
  });

  test('seed, then seed --full-refresh reloads a changed CSV', async () => {
    const seed = await runCli(['seed', '--project-dir', dir]);
    assert.equal(seed.code, 0, seed.err);
    // Three seeds and the project's two on-run-start hooks.
    assert.match(seed.out, /Done\. PASS=5 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5/);
    // A new column: a plain seed run truncates and inserts, full refresh recreates the table.
    const file = join(dir, 'seeds/raw_customers.csv');
    const original = readFileSync(file, 'utf8');
    const lines = original.trim().split('\n');
    writeFileSync(file, `${lines.map((l, i) => `${l},${i === 0 ? 'country' : 'AU'}`).join('\n')}\n`);
    const refresh = await runCli(['seed', '--project-dir', dir, '-s', 'raw_customers', '--full-refresh']);
    assert.equal(refresh.code, 0, `${refresh.out}\n${refresh.err}`);
    const [rows] = await queryDb(db(), 'select count(*), count(distinct country) from main.raw_customers');
    assert.deepEqual(rows![0]!.map(Number), [lines.length - 1, 1]);
    writeFileSync(file, original);
    const back = await runCli(['seed', '--project-dir', dir, '-s', 'raw_customers', '--full-refresh']);
    assert.equal(back.code, 0);
  });

  test('run --threads 4 builds the models; run_results shows four worker threads at most', async () => {
    const run = await runCli(['run', '--project-dir', dir, '--threads', '4']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /Concurrency: 4 threads/);
    const rr = readArtifact<{ results: { unique_id: string; thread_id: string }[] }>(dir, 'run_results.json');
    // Project hooks run on dbt's main thread; the nodes on the workers.
    const threads = new Set(rr.results.filter((r) => !r.unique_id.startsWith('operation.')).map((r) => r.thread_id));
    assert.ok(threads.size >= 1 && threads.size <= 4, [...threads].join(', '));
    const one = await runCli(['run', '--project-dir', dir, '--threads', '1', '-s', 'stg_orders']);
    assert.match(one.out, /Concurrency: 1 threads/);
    const bad = await runCli(['run', '--project-dir', dir, '--threads', 'many']);
    assert.equal(bad.code, 2);
  });

  test('compile --inline renders refs and --vars', async () => {
    const run = await runCli(['compile', '--project-dir', dir, '--inline', "select * from {{ ref('orders') }} where amount > {{ var('min_order_amount') }}", '--vars', '{min_order_amount: 7}']);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Compiled inline node is:\nselect \* from "jaffle_shop"\."main"\."orders" where amount > 7/);
    // --inline is the only node: dbt refuses --select or --selector beside it.
    assert.equal((await runCli(['compile', '--project-dir', dir, '--inline', 'select 1', '-s', 'orders'])).code, 2);
    const compile = await runCli(['compile', '--project-dir', dir, '-s', 'stg_payments']);
    assert.match(compile.out, /Compiled node 'stg_payments' is:\n[\s\S]*\(amount \/ 100\)::numeric\(16, 2\)/);
    // --quiet prints the SQL alone, as dbt does, so it can be piped.
    const quiet = await runCli(['compile', '--project-dir', dir, '-s', 'stg_payments', '-q']);
    assert.match(quiet.out, /^with source as \(/);
    assert.doesNotMatch(quiet.out, /Compiled node/);
  });

  test('--vars overrides project vars in a build', async () => {
    // The singular test fails when an order's amount is below min_order_amount.
    const run = await runCli(['test', '--project-dir', dir, '-s', 'assert_total_payment_amount_is_positive', '--vars', '{min_order_amount: 1000}']);
    assert.equal(run.code, 1, run.out);
    assert.match(run.out, /FAIL \d+ assert_total_payment_amount_is_positive/);
    const ok = await runCli(['test', '--project-dir', dir, '-s', 'assert_total_payment_amount_is_positive']);
    assert.equal(ok.code, 0);
    // payment_methods is a global var: dropping one changes the orders table's columns.
    const narrow = await runCli(['run', '--project-dir', dir, '-s', 'orders', '--vars', "{payment_methods: ['credit_card']}"]);
    assert.equal(narrow.code, 0, narrow.err);
    const [cols] = await queryDb(db(), "select column_name from information_schema.columns where table_name = 'orders' and column_name like '%_amount' order by 1");
    assert.deepEqual(cols, [['credit_card_amount']]);
    await runCli(['run', '--project-dir', dir, '-s', 'orders']);
  });

  test('show previews a node or inline SQL with --limit', async () => {
    const node = await runCli(['show', '--project-dir', dir, '--select', 'stg_customers', '--limit', '3']);
    assert.equal(node.code, 0, node.err);
    const all0 = node.out.split('\n');
    // As every dbt command that compiles the project: the version and adapter lines, Found, then
    // Concurrency between blank lines.
    assert.deepEqual(all0.slice(0, 2).map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '').replace(/=[\d.]+$/u, '=')), ['Running with reelhouse=', 'Registered adapter: duckdb=']);
    const lines = all0.slice(2);
    assert.match(lines[0]!, /^\d\d:\d\d:\d\d {2}Found \d+ models, /u);
    assert.deepEqual(lines.slice(1, 4).map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '')), ['', "Concurrency: 4 threads (target='dev')", '']);
    const table = lines.slice(4);
    assert.equal(table[0], "Previewing node 'stg_customers':", 'the heading is printed without the time of day, as dbt 1.9 and later print it');
    assert.match(table[1]!, /\| customer_id \| first_name +\| last_name +\|/);
    assert.equal(table.length, 2 + 1 + 3, node.out);
    const inline = await runCli(['show', '--project-dir', dir, '--inline', "select count(*) as n from {{ ref('orders') }}", '-q']);
    const [count] = await queryDb(db(), 'select count(*) from main.orders');
    assert.match(inline.out, new RegExp(`\\|\\s+${String(count![0]![0])} \\|`));
    const all = await runCli(['show', '--project-dir', dir, '--inline', 'select * from range(12)', '--limit', '-1', '--output', 'json']);
    // The log lines come first, as dbt's; the JSON preview follows them.
    assert.match(all.out, /Found \d+ models, .*, 1 sql operation, \d+ source/);
    assert.equal((JSON.parse(all.out.slice(all.out.indexOf('{'))) as { show: unknown[] }).show.length, 12);
    const none = await runCli(['show', '--project-dir', dir]);
    assert.equal(none.code, 2);
  });

  test('run-operation calls a macro with --args that creates a table through run_query', async () => {
    const run = await runCli(['run-operation', 'make_numbers', '--project-dir', dir, '--args', '{table_name: ops_numbers, how_many: 5}']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /made ops_numbers with 5 rows/);
    const [rows] = await queryDb(db(), 'select count(*), max(n) from main.ops_numbers');
    assert.deepEqual(rows![0]!.map(Number), [5, 4]);
    const missing = await runCli(['run-operation', 'no_such_macro', '--project-dir', dir]);
    assert.equal(missing.code, 2, missing.out);
    assert.match(missing.err, /no_such_macro/);
    assert.ok(!hasStackTrace(missing.err));
  });

  test('clean removes the clean-targets', async () => {
    assert.ok(existsSync(join(dir, 'target')));
    const run = await runCli(['clean', '--project-dir', dir]);
    assert.equal(run.code, 0);
    assert.ok(!existsSync(join(dir, 'target')));
    assert.ok(existsSync(db()), 'the warehouse is not a clean target');
  });
});

describe('project hooks and model hooks', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-hooks-'));
    writeProjectFile(dir, 'dbt_project.yml', `name: hooks
version: '1.0.0'
profile: hooks
on-run-start:
  - "create table if not exists main.audit (seq integer, what varchar)"
  - "insert into main.audit select coalesce(max(seq), 0) + 1, 'run start {{ target.name }}' from main.audit"
on-run-end:
  - "insert into main.audit select max(seq) + 1, 'run end ' || {{ results | length }} from main.audit"
models:
  hooks:
    +materialized: table
    +post-hook: "insert into main.audit select max(seq) + 1, 'project post {{ this.name }}' from main.audit"
`);
    writeProjectFile(dir, 'profiles.yml', 'hooks:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: hooks.duckdb\n');
    writeProjectFile(dir, 'models/hooked.sql', `{{ config(
    pre_hook=["insert into main.audit select max(seq) + 1, 'pre 1' from main.audit", "insert into main.audit select max(seq) + 1, 'pre 2' from main.audit"],
    post_hook="insert into main.audit select max(seq) + 1, 'model post ' || (select count(*) from {{ this }}) from main.audit"
) }}
select 1 as id union all select 2
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('on-run-start, pre-hooks, post-hooks (project then model) and on-run-end run in order', async () => {
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(join(dir, 'hooks.duckdb'), 'select what from main.audit order by seq');
    assert.deepEqual(rows!.map((r) => r[0]), [
      'run start dev',
      'pre 1',
      'pre 2',
      'project post hooked',
      'model post 2',
      'run end 1',
    ]);
    assert.equal(resultStatuses(dir).get('model.hooks.hooked'), 'success');
  });
});

test('clean needs no profile and no installed packages: it runs with a profile whose env var is unset and before deps', async () => {
  const dir = await newProject('attic', 'clean-targets: [target, dbt_packages]\nmodels:\n  +meta:\n    shelf: "{{ target.name }}"\n');
  try {
    writeProjectFile(dir, 'profiles.yml', "attic:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('ATTIC_DB_UNSET_FOR_TEST') }}.duckdb\"\n");
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: ../nowhere_box\n');
    writeProjectFile(dir, 'target/old.txt', 'stale');
    writeProjectFile(dir, 'dbt_packages/old_pkg/dbt_project.yml', 'name: old_pkg\n');
    const run = await runCli(['clean', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.ok(!existsSync(join(dir, 'target')) && !existsSync(join(dir, 'dbt_packages')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('deps --add-package with --source local adds the folder to packages.yml and installs it; --lock only writes the lock; --source alone is accepted', async () => {
  const dir = await newProject('cellar');
  try {
    writeProjectFile(dir, 'barrels/dbt_project.yml', 'name: barrels\n');
    writeProjectFile(dir, 'barrels/models/oak.sql', 'select 1 as stave\n');
    const locked = await runCli(['deps', '--project-dir', dir, '--add-package', 'barrels', '--source', 'local', '--lock']);
    assert.equal(locked.code, 0, locked.out + locked.err);
    assert.equal(readFileSync(join(dir, 'packages.yml'), 'utf8'), 'packages:\n  - local: barrels\n');
    assert.ok(existsSync(join(dir, 'package-lock.yml')) && !existsSync(join(dir, 'dbt_packages')));
    const installed = await runCli(['deps', '--project-dir', dir, '--upgrade']);
    assert.equal(installed.code, 0, installed.out + installed.err);
    assert.ok(existsSync(join(dir, 'dbt_packages', 'barrels', 'models', 'oak.sql')));
    // dbt takes --source without --add-package (its default is hub) and has nothing to use it for.
    const alone = await runCli(['deps', '--project-dir', dir, '--source', 'git']);
    assert.equal(alone.code, 0, alone.out + alone.err);
    const bad = await runCli(['deps', '--project-dir', dir, '--add-package', 'barrels', '--source', 'ftp']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--source must be one of hub, git, local/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
