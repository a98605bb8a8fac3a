import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyProject, queryDb, repoRoot, resultStatuses, runCli } from './test-helpers.js';

test("the flagship's billing part on the first seed's four sample CSVs gives the documented monthly KPIs", async (t) => {
  const dir = await copyProject('examples/streaming');
  t.after(() => rm(dir, { recursive: true, force: true }));
  // The first seed's four CSVs, copied into a data folder of their own.
  const dataDir = join(dir, 'landed');
  await mkdir(dataDir);
  const sample = join(repoRoot, 'examples', 'streaming', 'sample-data');
  const files = (await readdir(sample)).filter((f) => f.endsWith('.csv'));
  assert.deepEqual(files.sort(), ['payments.csv', 'subscriptions.csv', 'users.csv', 'viewing_activity.csv']);
  for (const file of files) await cp(join(sample, file), join(dataDir, file));

  // The exports go through `reelhouse ingest billing` into raw tables, as the first seed's extract.py did.
  const before = process.env.STREAMING_DATA_DIR;
  process.env.STREAMING_DATA_DIR = dataDir;
  try {
    const ingest = await runCli(['ingest', 'billing', '--project-dir', dir]);
    assert.equal(ingest.code, 0, `ingest failed:\n${ingest.out}\n${ingest.err}`);
  } finally {
    if (before === undefined) delete process.env.STREAMING_DATA_DIR;
    else process.env.STREAMING_DATA_DIR = before;
  }
  const [raw] = await queryDb(join(dir, 'streaming.duckdb'), `select count(*) from raw.users_raw`);
  assert.deepEqual(raw, [[4]]);

  const vars = JSON.stringify({ data_dir: dataDir.replaceAll('\\', '/') });
  const run = await runCli(['build', '--project-dir', dir, '-s', 'tag:billing+', '--vars', vars]);
  assert.equal(run.code, 0, `build failed:\n${run.out}\n${run.err}`);
  assert.match(run.out, /Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);
  const statuses = resultStatuses(dir);
  // Only the billing part ran: nothing reads the lake, the catalog or the stream snapshots,
  // and without the Postgres database the platform users are the billing export's.
  assert.ok([...statuses.keys()].every((id) => !/stg_events|stg_titles|stg_streams|fct_watch|fact_streams/.test(id)));
  assert.equal(statuses.get('model.streaming.mart_monthly_kpis'), 'success');
  assert.equal(statuses.get('snapshot.streaming.subscription_snapshot_check'), 'success');

  const [kpis, grain, users] = await queryDb(
    join(dir, 'streaming.duckdb'),
    `select strftime(month, '%Y-%m'), mau, paying_users, cast(revenue as double) from marts.mart_monthly_kpis order by month`,
    `select count(*), count(distinct (user_id, month)) from marts.fct_subscription_months`,
    `select count(*), count(distinct user_key), any_value(platform_origin) from marts.dim_users`,
  );
  assert.deepEqual(kpis, [
    ['2023-01', 2, 2, 23.98],
    ['2023-02', 2, 2, 23.98],
    ['2023-03', 1, 1, 9.99],
  ]);
  // One row per user per active month: S001..S005 run 3 + 3 + 2 + 2 + 1 months up to March.
  assert.deepEqual(grain, [[11, 11]]);
  assert.deepEqual(users, [[4, 4, 'billing_export']]);
});
