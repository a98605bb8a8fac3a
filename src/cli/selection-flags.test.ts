// End to end: dbt's selection grammar through the CLI (ls and build) on the jaffle fixture.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyProject, hasStackTrace, newProject, queryDb, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

describe('selecting nodes from the command line', () => {
  let dir = '';
  let stateDir = '';

  before(async () => {
    dir = await copyProject('test/fixtures/jaffle');
    stateDir = await mkdtemp(join(tmpdir(), 'reelhouse-state-'));
    const build = await runCli(['build', '--project-dir', dir, '-q']);
    assert.equal(build.code, 0, build.err);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(stateDir, { recursive: true, force: true });
  });

  /** Names `ls` prints for the given arguments, sorted. */
  const names = async (...args: string[]): Promise<string[]> => {
    const run = await runCli(['ls', '--project-dir', dir, '--output', 'name', ...args]);
    assert.equal(run.code, 0, run.err);
    // The names, without the log lines ("No nodes selected!") printed beside them.
    return run.out.split('\n').filter((line) => line !== '' && !/^\d\d:\d\d:\d\d {2}/u.test(line)).sort();
  };
  const models = (...args: string[]): Promise<string[]> => names('--resource-type', 'model', 'seed', ...args);

  test('tag: with a + suffix selects the tagged nodes and their children', async () => {
    assert.deepEqual(await models('-s', 'tag:marts+'), ['customers', 'orders']);
    const all = await names('-s', 'tag:marts+');
    assert.ok(all.includes('weekly_revenue'), 'the exposure downstream of the marts is listed');
    assert.ok(all.includes('unique_orders_order_id'));
    assert.deepEqual(await models('-s', 'tag:staging'), ['stg_customers', 'stg_order_events', 'stg_orders', 'stg_payments']);
  });

  test('+model, n+model and model+n walk parents and children', async () => {
    assert.deepEqual(await models('-s', '+orders'), ['orders', 'raw_orders', 'raw_payments', 'stg_orders', 'stg_payments']);
    assert.deepEqual(await models('-s', '1+orders'), ['orders', 'stg_orders', 'stg_payments']);
    assert.deepEqual(await models('-s', 'stg_payments+1'), ['customers', 'orders', 'stg_payments']);
  });

  test('@model adds the parents of every descendant', async () => {
    const got = await models('-s', '@stg_customers');
    // customers' relationships test to orders is a descendant too, so orders (its other parent) comes along, as in dbt.
    assert.deepEqual(got, ['customers', 'orders', 'raw_customers', 'raw_orders', 'raw_payments', 'stg_customers', 'stg_orders', 'stg_payments']);
  });

  test('space is union, comma is intersection, --exclude removes', async () => {
    assert.deepEqual(await models('-s', 'customers', 'raw_orders'), ['customers', 'raw_orders']);
    assert.deepEqual(await models('-s', 'tag:staging,config.materialized:view', '--exclude', 'stg_orders', 'stg_customers'), ['stg_order_events', 'stg_payments']);
    assert.deepEqual(await models('-s', '+customers', '--exclude', 'resource_type:seed'), ['customers', 'stg_customers', 'stg_orders', 'stg_payments']);
  });

  test('path:, resource_type:, config.materialized:, package: and fqn globs', async () => {
    assert.deepEqual(await models('-s', 'path:models/staging'), ['stg_customers', 'stg_order_events', 'stg_orders', 'stg_payments']);
    assert.deepEqual(await models('-s', 'models/marts/orders.sql'), ['orders']);
    assert.deepEqual(await names('-s', 'resource_type:seed'), ['raw_customers', 'raw_orders', 'raw_payments']);
    assert.deepEqual(await models('-s', 'config.materialized:table'), ['customers', 'orders']);
    assert.deepEqual(await models('-s', 'jaffle_shop.staging.stg_o*'), ['stg_order_events', 'stg_orders']);
    assert.equal((await models('-s', 'package:jaffle_shop')).length, 9);
  });

  test('test_type:unit, generic and singular select the three kinds of tests', async () => {
    assert.deepEqual(await names('-s', 'test_type:unit'), ['test_cents_become_dollars']);
    assert.deepEqual(await names('-s', 'test_type:singular'), ['assert_total_payment_amount_is_positive']);
    const generic = await names('-s', 'test_type:generic');
    assert.ok(generic.length >= 15);
    assert.ok(generic.every((n) => /^(unique|not_null|accepted_values|relationships|is_positive|source_)/.test(n)), generic.join(', '));
    assert.ok(generic.includes('is_positive_customers_customer_lifetime_value'));
  });

  test('--selector uses a definition from selectors.yml', async () => {
    assert.deepEqual(await models('--selector', 'marts'), ['customers', 'orders', 'raw_customers', 'raw_orders', 'raw_payments', 'stg_customers', 'stg_orders', 'stg_payments']);
    const bad = await runCli(['ls', '--project-dir', dir, '--selector', 'no_such_selector']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /no_such_selector/);
  });

  test('ls prints selectors, paths and JSON', async () => {
    const sel = await runCli(['ls', '-q', '--project-dir', dir, '-s', 'stg_orders', 'source:ops']);
    assert.deepEqual(sel.out.split('\n').filter((l) => !l.includes('_stg_orders_') && !l.includes('_ops_')).sort(), [
      'jaffle_shop.staging.stg_orders',
      // dbt names a source by package, source and table, not by the folders in its fqn
      'source:jaffle_shop.ops.order_events',
    ]);
    const paths = await runCli(['ls', '-q', '--project-dir', dir, '-s', 'tag:marts', '--resource-type', 'model', '--output', 'path']);
    assert.deepEqual(paths.out.split('\n').sort(), ['models/marts/customers.sql', 'models/marts/orders.sql']);
    const json = await runCli(['ls', '-q', '--project-dir', dir, '-s', 'orders', '--resource-type', 'model', '--output', 'json']);
    const parsed = JSON.parse(json.out) as { name: string; resource_type: string; unique_id: string; config: { materialized: string } };
    assert.equal(parsed.unique_id, 'model.jaffle_shop.orders');
    assert.equal(parsed.config.materialized, 'table');
    const keys = await runCli(['ls', '-q', '--project-dir', dir, '-s', 'orders', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name', 'resource_type']);
    assert.deepEqual(JSON.parse(keys.out), { name: 'orders', resource_type: 'model' });
    const list = await runCli(['list', '-q', '--project-dir', dir, '--resource-type', 'exposure']);
    assert.equal(list.out, 'exposure:jaffle_shop.weekly_revenue');
  });

  test('an unknown selector method is a usage error naming the valid methods', async () => {
    const run = await runCli(['ls', '--project-dir', dir, '-s', 'bogus:x']);
    assert.equal(run.code, 2);
    assert.match(run.err, /'bogus' is not a valid method name/);
    assert.match(run.err, /tag/);
    assert.ok(!hasStackTrace(run.err), run.err);
    const build = await runCli(['build', '--project-dir', dir, '-s', 'resource_typo:model']);
    assert.equal(build.code, 2, build.out);
    assert.match(build.err, /'resource_typo' is not a valid method name/);
  });

  test('state:modified with --state selects what changed since a previous manifest', async () => {
    cpSync(join(dir, 'target'), stateDir, { recursive: true });
    assert.deepEqual(await names('-s', 'state:modified', '--state', stateDir), [], 'nothing changed yet');
    const file = join(dir, 'models/staging/stg_customers.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('first_name,', "first_name || '!' as first_name,"));
    assert.deepEqual(await models('-s', 'state:modified', '--state', stateDir), ['stg_customers']);
    assert.deepEqual(await models('-s', 'state:modified+', '--state', stateDir), ['customers', 'stg_customers']);
    const run = await runCli(['build', '--project-dir', dir, '-s', 'state:modified', '--state', stateDir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const ran = [...resultStatuses(dir).keys()];
    assert.ok(ran.includes('model.jaffle_shop.stg_customers'));
    assert.ok(!ran.some((id) => id.startsWith('model.') && id !== 'model.jaffle_shop.stg_customers'), ran.join(', '));
    const [rows] = await queryDb(join(dir, 'jaffle_shop.duckdb'), 'select first_name from main.stg_customers where customer_id = 1');
    assert.match(String(rows![0]![0]), /!$/);
    // A new node is state:new.
    writeFileSync(join(dir, 'models/marts/brand_new.sql'), 'select 1 as x');
    assert.deepEqual(await models('-s', 'state:new', '--state', stateDir), ['brand_new']);
  });

  test('result:error with --state reruns what failed last time', async () => {
    const file = join(dir, 'models/marts/customers.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('select * from final', 'select *, no_such_column from final'));
    const failed = await runCli(['build', '--project-dir', dir, '-s', '+customers']);
    assert.equal(failed.code, 1);
    const previous = await mkdtemp(join(tmpdir(), 'reelhouse-state-'));
    try {
      cpSync(join(dir, 'target'), previous, { recursive: true });
      writeFileSync(file, original);
      assert.deepEqual(await models('-s', 'result:error', '--state', previous), ['customers']);
      const skipped = await names('-s', 'result:skipped', '--state', previous);
      assert.ok(skipped.includes('unique_customers_customer_id'), skipped.join(', '));
      const rerun = await runCli(['build', '--project-dir', dir, '-s', 'result:error+', '--state', previous]);
      assert.equal(rerun.code, 0, `${rerun.out}\n${rerun.err}`);
      const statuses = resultStatuses(dir);
      assert.equal(statuses.get('model.jaffle_shop.customers'), 'success');
      assert.ok(!statuses.has('model.jaffle_shop.stg_customers'));
    } finally {
      await rm(previous, { recursive: true, force: true });
    }
  });
});

test('a blank model or singular test file is listed by ls but left out of run and build, as dbt leaves out empty nodes', async () => {
  const dir = await newProject('pantry');
  try {
    writeProjectFile(dir, 'models/shelf.sql', 'select 1 as jar_id\n');
    writeProjectFile(dir, 'models/placeholder.sql', '\n  \n');
    writeProjectFile(dir, 'tests/todo_check.sql', ' \n');
    const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(build.code, 0, build.out + build.err);
    assert.deepEqual([...resultStatuses(dir)], [['model.pantry.shelf', 'success']]);
    const ls = await runCli(['ls', '-q', '--project-dir', dir, '--profiles-dir', dir, '--output', 'name']);
    assert.deepEqual(ls.out.split('\n').filter(Boolean).sort(), ['placeholder', 'shelf', 'todo_check']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
