// End to end: the jaffle-shop fixture builds on DuckDB with dbt's output, relations and artifacts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyProject, queryDb, readArtifact, resultStatuses, runCli, type CliRun } from './test-helpers.js';

describe('building the jaffle shop fixture', () => {
  let dir = '';
  let build: CliRun;
  const db = (): string => join(dir, 'jaffle_shop.duckdb');

  before(async () => {
    dir = await copyProject('test/fixtures/jaffle');
    build = await runCli(['build', '--project-dir', dir]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('build succeeds with exit code 0', () => {
    assert.equal(build.code, 0, `build failed:\n${build.out}\n${build.err}`);
  });

  test('prints dbt-style START / OK / PASS lines and the closing summary', () => {
    const out = build.out;
    // dbt's parse order: models, analyses, singular tests, seeds; then sources, exposures, macros, unit tests.
    assert.match(out, /Found 6 models, 1 analysis, \d+ data tests, 3 seeds, 2 operations, 1 source, 1 exposure, \d+ macros, 1 unit test\n/);
    assert.match(out, /Concurrency: 4 threads \(target='dev'\)/);
    assert.match(out, /\d+ of \d+ START sql view model main\.stg_orders \.+ \[RUN\]/);
    assert.match(out, /\d+ of \d+ OK created sql view model main\.stg_orders \.+ \[OK in \d+\.\d\ds\]/);
    assert.match(out, /\d+ of \d+ OK created sql table model main\.customers \.+ \[OK in \d+\.\d\ds\]/);
    const seeded = /\d+ of \d+ OK loaded seed file main\.raw_orders \.+ \[INSERT (\d+) in \d+\.\d\ds\]/.exec(out);
    assert.equal(Number(seeded?.[1]), readFileSync(join(dir, 'seeds/raw_orders.csv'), 'utf8').trim().split('\n').length - 1);
    assert.match(out, /\d+ of \d+ PASS unique_customers_customer_id \.+ \[PASS in \d+\.\d\ds\]/);
    assert.match(out, /\d+ of \d+ PASS stg_payments::test_cents_become_dollars \.+ \[PASS in/);
    // dbt 1.10's build runs the exposure as a no-op: one NO-OP line, no START line.
    assert.match(out, /\d+ of \d+ NO-OP exposure weekly_revenue \.+ \[NO-OP in 0\.00s\]/);
    // The project's two on-run-start hooks are results too, as in dbt, which sorts the counts by their key.
    assert.match(out, /Finished running 1 exposure, 2 project hooks, 3 seeds, 2 table models, \d+ data tests, 1 unit test, 4 view models in 0 hours 0 minutes and \d+\.\d\d seconds/);
    assert.match(out, /Completed successfully/);
    const done = /Done\. PASS=(\d+) WARN=0 ERROR=0 SKIP=0 NO-OP=1 TOTAL=(\d+)/.exec(out);
    assert.ok(done, out);
    assert.equal(Number(done[1]) + 1, Number(done[2]));
    // Every node that starts also reports a result, with the same "i of n" counter; the no-op exposure starts none.
    const starts = [...out.matchAll(/(\d+) of (\d+) START/g)].map((m) => m[1]);
    const ends = [...out.matchAll(/(\d+) of \d+ (?:OK|PASS)/g)].map((m) => m[1]);
    assert.deepEqual([...starts].sort(), [...ends].sort());
    assert.equal(starts.length + 1, Number(done[2]));
    assert.equal(build.err, '', 'a clean build writes nothing to stderr');
  });

  test('the relations hold what the seeds imply, computed independently from the CSVs', async () => {
    const seeds = join(dir, 'seeds');
    const [counts, customers, expected, orders, expectedOrders, view] = await queryDb(
      db(),
      `select (select count(*) from main.raw_customers), (select count(*) from main.raw_orders), (select count(*) from main.raw_payments), (select count(*) from main.customers), (select count(*) from main.orders)`,
      `select customer_id, number_of_orders, cast(customer_lifetime_value as double) from main.customers order by customer_id`,
      `select c.id, count(distinct o.id) filter (where o.id is not null),
              (select sum(p.amount) / 100.0 from read_csv_auto('${seeds}/raw_payments.csv') p join read_csv_auto('${seeds}/raw_orders.csv') o2 on p.order_id = o2.id where o2.user_id = c.id)
       from read_csv_auto('${seeds}/raw_customers.csv') c left join read_csv_auto('${seeds}/raw_orders.csv') o on o.user_id = c.id
       group by c.id order by c.id`,
      `select order_id, cast(credit_card_amount as double), cast(coupon_amount as double), cast(amount as double) from main.orders order by order_id`,
      `select o.id, coalesce(sum(p.amount) filter (where p.payment_method = 'credit_card'), 0) / 100.0,
              coalesce(sum(p.amount) filter (where p.payment_method = 'coupon'), 0) / 100.0,
              sum(p.amount) / 100.0
       from read_csv_auto('${seeds}/raw_orders.csv') o left join read_csv_auto('${seeds}/raw_payments.csv') p on p.order_id = o.id
       group by o.id order by o.id`,
      `select table_type from information_schema.tables where table_name = 'stg_payments'`,
    );
    const csvLines = (name: string): number => readFileSync(join(seeds, name), 'utf8').trim().split('\n').length - 1;
    assert.deepEqual(counts![0]!.map(Number), [csvLines('raw_customers.csv'), csvLines('raw_orders.csv'), csvLines('raw_payments.csv'), csvLines('raw_customers.csv'), csvLines('raw_orders.csv')]);
    const norm = (rows: unknown[][]): unknown[][] => rows.map((r) => r.map((v) => (v === null ? null : Number(v))));
    assert.deepEqual(norm(customers!).map((r) => [r[0], r[1] === 0 ? null : r[1], r[2]]), norm(expected!).map((r) => [r[0], r[1] === 0 ? null : r[1], r[2]]));
    assert.deepEqual(norm(orders!), norm(expectedOrders!));
    assert.deepEqual(view, [['VIEW']]);
  });

  test('run_results.json records every node with dbt statuses', () => {
    const statuses = resultStatuses(dir);
    assert.equal(statuses.get('model.jaffle_shop.customers'), 'success');
    assert.equal(statuses.get('model.jaffle_shop.stg_orders'), 'success');
    assert.equal(statuses.get('seed.jaffle_shop.raw_payments'), 'success');
    assert.equal(statuses.get('test.jaffle_shop.assert_total_payment_amount_is_positive'), 'pass');
    assert.equal(statuses.get('unit_test.jaffle_shop.stg_payments.test_cents_become_dollars'), 'pass');
    const testIds = [...statuses.keys()].filter((id) => id.startsWith('test.'));
    for (const name of ['unique_', 'not_null_', 'accepted_values_', 'relationships_', 'is_positive_customers_customer_lifetime_value']) {
      assert.ok(testIds.some((id) => id.startsWith(`test.jaffle_shop.${name}`)), `a ${name} test ran`);
    }
    assert.ok(testIds.some((id) => id.startsWith('test.jaffle_shop.source_not_null_ops_order_events_order_id')), 'source tests ran');
    // The no-op exposure stays out of run_results.json: the published v6 schema has no no-op status.
    assert.equal(statuses.has('exposure.jaffle_shop.weekly_revenue'), false);
    assert.ok([...statuses.values()].every((s) => s === 'success' || s === 'pass'));
    // Analyses and ephemeral nodes are not run by build.
    assert.ok(![...statuses.keys()].some((id) => id.startsWith('analysis.')));
    const rr = readArtifact<{ args: { which: string }; elapsed_time: number; metadata: { invocation_id: string } }>(dir, 'run_results.json');
    assert.equal(rr.args.which, 'build');
    assert.ok(rr.elapsed_time > 0);
  });

  test('target/compiled and target/run hold the rendered SQL', () => {
    const compiled = readFileSync(join(dir, 'target/compiled/jaffle_shop/models/marts/orders.sql'), 'utf8');
    assert.doesNotMatch(compiled, /\{\{|\{%/);
    assert.match(compiled, /"jaffle_shop"\."main"\."stg_orders"/);
    assert.match(compiled, /credit_card_amount/);
    const run = readFileSync(join(dir, 'target/run/jaffle_shop/models/marts/orders.sql'), 'utf8');
    assert.match(run, /create/i);
    assert.ok(existsSync(join(dir, 'target/compiled/jaffle_shop/models/staging/stg_payments.sql')));
    const testSql = readFileSync(join(dir, 'target/compiled/jaffle_shop/tests/assert_total_payment_amount_is_positive.sql'), 'utf8');
    assert.match(testSql, /having sum\(amount\) < 0/);
    assert.ok(existsSync(join(dir, 'target/manifest.json')));
  });

  test('the manifest carries docs blocks, the exposure and the custom generic test', () => {
    const m = readArtifact<Record<string, Record<string, Record<string, unknown>>>>(dir, 'manifest.json');
    const orders = m.nodes!['model.jaffle_shop.orders'] as { columns: Record<string, { description: string }> };
    assert.match(orders.columns['status']!.description, /Orders can be one of the following statuses/);
    assert.ok(m.docs!['doc.jaffle_shop.orders_status']);
    assert.ok(m.exposures!['exposure.jaffle_shop.weekly_revenue']);
    const isPositive = Object.values(m.nodes!).find((n) => String(n['unique_id']).startsWith('test.jaffle_shop.is_positive_')) as
      | { test_metadata: { name: string } }
      | undefined;
    assert.equal(isPositive?.test_metadata.name, 'is_positive');
    assert.ok(m.macros!['macro.jaffle_shop.test_is_positive']);
  });

  test('compile renders analyses without running them', async () => {
    const run = await runCli(['compile', '--project-dir', dir, '-s', 'orders_by_month']);
    assert.equal(run.code, 0, run.err);
    const sql = readFileSync(join(dir, 'target/compiled/jaffle_shop/analyses/orders_by_month.sql'), 'utf8');
    assert.match(sql, /from "jaffle_shop"\."main"\."orders"/);
    assert.match(run.out, /Compiled node 'orders_by_month' is:/);
  });

  test('--log-format json prints one JSON event per line with info.name, level and msg', async () => {
    const run = await runCli(['run', '--project-dir', dir, '-s', 'stg_orders', '--log-format', 'json']);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n').filter((l) => l !== '');
    assert.ok(lines.length > 4);
    const events = lines.map((l) => JSON.parse(l) as { info: { name: string; level: string; msg: string; invocation_id: string }; data: Record<string, unknown> });
    for (const e of events) {
      assert.equal(typeof e.info.name, 'string');
      assert.ok(['debug', 'info', 'warn', 'error'].includes(e.info.level));
      assert.equal(typeof e.info.msg, 'string');
    }
    assert.equal(new Set(events.map((e) => e.info.invocation_id)).size, 1);
    const start = events.find((e) => e.info.name === 'LogStartLine');
    assert.equal((start?.data['node_info'] as { unique_id: string }).unique_id, 'model.jaffle_shop.stg_orders');
    const result = events.find((e) => e.info.name === 'LogModelResult');
    assert.equal((result?.data['node_info'] as { node_status: string }).node_status, 'success');
    assert.ok(events.some((e) => /Done\. PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3/.test(e.info.msg)));
  });

  test('--quiet prints nothing on success, and still prints errors', async () => {
    const ok = await runCli(['run', '--project-dir', dir, '-s', 'stg_orders', '--quiet']);
    assert.equal(ok.code, 0);
    assert.equal(ok.out.trim(), '');
    const ls = await runCli(['ls', '--project-dir', dir, '-s', 'stg_orders', '--quiet', '--resource-type', 'model']);
    assert.equal(ls.out.trim(), 'jaffle_shop.staging.stg_orders');
    const bad = await runCli(['run', '--project-dir', dir, '-s', 'nope_no_such', '--quiet']);
    assert.equal(bad.code, 0, 'an empty selection is a warning, as in dbt');
    assert.equal(bad.out.trim(), '');
  });

  test('a warn-severity test reports WARN and the run still succeeds', async () => {
    const [before] = await queryDb(db(), `select count(*) from main.orders where amount is null`);
    assert.equal(Number(before![0]![0]), 0);
    // An order without payments has a null amount: the not_null test on orders.amount is severity warn.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(dir, 'seeds/raw_orders.csv'), '100,1,2018-04-10,placed\n');
    const run = await runCli(['build', '--project-dir', dir, '-s', 'raw_orders+']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /WARN 1 not_null_orders_amount \.+ \[WARN 1 in/);
    assert.match(run.out, /Completed with 1 warning:/);
    assert.match(run.out, /Warning in test not_null_orders_amount \(models\/marts\/schema\.yml\)\n.*Got 1 result, configured to warn if != 0/);
    assert.match(run.out, /Done\. PASS=\d+ WARN=1 ERROR=0 SKIP=0 NO-OP=1 TOTAL=\d+/);
    assert.equal(resultStatuses(dir).get([...resultStatuses(dir).keys()].find((k) => k.includes('not_null_orders_amount'))!), 'warn');
  });
});
