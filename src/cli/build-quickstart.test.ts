import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuckDb } from '../adapters/duckdb/index.js';
import { copyProject, runCli } from './test-helpers.js';

test('building the sample streaming project yields the documented monthly KPIs', async (t) => {
  const dir = await copyProject('examples/quickstart');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const run = await runCli(['build', '--project-dir', dir]);
  assert.equal(run.code, 0, `build failed:\n${run.out}\n${run.err}`);
  assert.match(run.out, /Completed successfully/);
  assert.match(run.out, /Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);

  const db = await openDuckDb({ path: join(dir, 'quickstart.duckdb') });
  try {
    const kpis = await db.execute(
      `select strftime(month, '%Y-%m') as m, mau, paying_users, cast(revenue as double) as revenue from analytics.mart_monthly_kpis order by month`,
    );
    assert.deepEqual(kpis.rows, [
      ['2023-01', 2, 2, 23.98],
      ['2023-02', 2, 2, 23.98],
      ['2023-03', 1, 1, 9.99],
    ]);
    const seeds = await db.execute(`select count(*) from raw.users_raw`);
    assert.deepEqual(seeds.rows, [[4]]);
    const view = await db.getRelation({ schema: 'analytics', identifier: 'stg_users' });
    assert.equal(view?.type, 'view');
  } finally {
    await db.close();
  }

  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
  const statuses = new Map<string, string>(results.results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status]));
  assert.equal(statuses.get('model.quickstart.mart_monthly_kpis'), 'success');
  assert.equal(statuses.get('seed.quickstart.users_raw'), 'success');
  assert.equal(statuses.get('test.quickstart.assert_revenue_matches_payments'), 'pass');
  assert.ok([...statuses.keys()].some((id) => id.startsWith('test.quickstart.accepted_values_stg_users_plan_type__basic__standard__premium')));
  assert.ok(existsSync(join(dir, 'target', 'manifest.json')));
  assert.ok(existsSync(join(dir, 'target', 'compiled', 'quickstart', 'models', 'marts', 'mart_monthly_kpis.sql')));
  assert.ok(existsSync(join(dir, 'target', 'run', 'quickstart', 'models', 'marts', 'mart_monthly_kpis.sql')));
});

test('a second build with a failing test skips what is downstream and exits 1', async (t) => {
  const dir = await copyProject('examples/quickstart');
  t.after(() => rm(dir, { recursive: true, force: true }));
  // A second payment P001, for a user who does not exist: it breaks unique on stg_payments and
  // the relationships test from stg_payments to stg_users.
  const payments = join(dir, 'seeds', 'payments_raw.csv');
  const { appendFileSync } = await import('node:fs');
  appendFileSync(payments, 'P001,U999,2023-03-09,5.00\n');
  const run = await runCli(['build', '--project-dir', dir]);
  assert.equal(run.code, 1);
  const all = `${run.out}\n${run.err}`;
  assert.match(all, /FAIL 1 unique_stg_payments_payment_id/);
  assert.match(all, /FAIL 1 relationships_stg_payments_user_id__user_id__ref_stg_users_/);
  // The fact reads stg_payments, so the failing unique test skips it and the mart below it
  // (the relationships test alone would not: the fact does not read stg_users, dbt's rule).
  assert.match(all, /SKIP relation analytics\.fact_user_monthly_metrics/);
  assert.match(all, /SKIP relation analytics\.mart_monthly_kpis/);
  assert.match(all, /Completed with 2 errors/);
});
