import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from '../ingest/index.js';
import { copyProject, queryDb, repoRoot, resultStatuses, runCli } from './test-helpers.js';

interface Lander {
  landDemoData(o: { generated: string; dataDir: string; through: string }): Promise<{ partitions: string[]; streamFiles: string[] }>;
  addDays(day: string, n: number): string;
}

const slash = (p: string): string => p.replaceAll('\\', '/');

/** Every file of the Parquet fact with its size and modification time. */
async function partitionFiles(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of (await readdir(root)).filter((d) => d.startsWith('stream_date='))) {
    for (const f of await readdir(join(root, part))) {
      const s = await stat(join(root, part, f));
      out.set(`${part}/${f}`, `${s.size}:${s.mtimeMs}`);
    }
  }
  return out;
}

test('the flagship builds from generated data, matches plain-SQL KPIs and rebuilds incrementally when a new day lands', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'reelhouse-flagship-'));
  const dir = await copyProject('examples/streaming');
  t.after(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });
  const lander = (await import(new URL('../../../examples/streaming/land-data.mjs', import.meta.url).href)) as Lander;
  const generated = join(work, 'generated');
  const dataDir = join(work, 'data');
  const outputDir = join(work, 'output');
  const db = join(dir, 'streaming.duckdb');
  const summary = await generateDemoData({ out: generated, seed: 7, scale: 150, start: '2024-01-01', days: 45 });

  // The day before the "new day" is the latest one after which some subscription period ends,
  // so the new day changes subscriptions and the snapshots have something to close.
  const g = (f: string): string => `'${slash(join(generated, f))}'`;
  const [[cutRow]] = (await queryDb(
    ':memory:',
    `select strftime(max(cast(end_date as date) - 1), '%Y-%m-%d') from read_csv(${g('subscriptions.csv')}, header = true)
     where cast(end_date as date) between date '2024-01-25' and date '${summary.end}'`,
  )) as [[unknown[]]];
  const day1 = String(cutRow?.[0]);
  const day2 = lander.addDays(day1, 1);
  assert.match(day1, /^2024-\d\d-\d\d$/);

  const vars = JSON.stringify({ data_dir: slash(dataDir), output_dir: slash(outputDir) });
  const build = async (): Promise<void> => {
    const run = await runCli(['build', '--project-dir', dir, '--vars', vars]);
    assert.equal(run.code, 0, `build failed:\n${run.out}\n${run.err}`);
    assert.match(run.out, /Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 TOTAL=\d+/);
    const statuses = [...resultStatuses(dir).entries()];
    assert.ok(statuses.length > 150, `expected the whole project, got ${statuses.length} results`);
    for (const [id, status] of statuses) assert.ok(status === 'success' || status === 'pass', `${id}: ${status}`);
  };

  // Raw-data KPIs in plain SQL, independent of the project's models.
  const d = (f: string): string => `'${slash(join(dataDir, f))}'`;
  const rawKpis = `
    with months as (
      select distinct date_trunc('month', cast(watch_date as date)) as m from read_csv(${d('viewing_activity.csv')}, header = true)
      union select distinct date_trunc('month', cast(payment_date as date)) from read_csv(${d('payments.csv')}, header = true)
    ),
    v as (select date_trunc('month', cast(watch_date as date)) as m, count(distinct user_id) as mau from read_csv(${d('viewing_activity.csv')}, header = true) group by 1),
    p as (select date_trunc('month', cast(payment_date as date)) as m, count(distinct user_id) as paying, sum(cast(amount as decimal(10,2))) as revenue
          from read_csv(${d('payments.csv')}, header = true) group by 1)
    select strftime(months.m, '%Y-%m'), coalesce(mau, 0)::bigint, coalesce(paying, 0)::bigint, coalesce(revenue, 0)::double
    from months left join v using (m) left join p using (m) order by 1`;
  const martKpis = `select strftime(month, '%Y-%m'), mau::bigint, paying_users::bigint, revenue::double from marts.mart_monthly_kpis order by 1`;
  const checkKpis = async (): Promise<void> => {
    const [raw = []] = await queryDb(':memory:', rawKpis);
    const [mart = []] = await queryDb(db, martKpis);
    assert.ok(raw.length >= 2);
    assert.deepEqual(mart, raw);
  };

  // Day 1: everything up to the cut day has landed; a full build.
  const first = await lander.landDemoData({ generated, dataDir, through: day1 });
  assert.equal(first.streamFiles.length, 48, 'two days of hourly stream snapshots');
  await copyFile(join(dataDir, 'subscriptions.csv'), join(work, 'subscriptions-day1.csv'));
  await build();
  await checkKpis();

  const lake = `read_parquet('${slash(dataDir)}/lake/events/*/*.parquet', hive_partitioning = true)`;
  const streamFiles = `read_parquet('${slash(dataDir)}/streams/*.parquet')`;
  const counts = async (): Promise<unknown[][][]> =>
    queryDb(
      db,
      `select (select count(*) from staging.stg_events), (select count(*) from ${lake}),
              (select count(*) from marts.fct_watch), (select count(distinct session_id) from ${lake}),
              (select sum(plays) from marts.mart_daily_kpis), (select count(*) from ${lake} where event_type = 'play')`,
      `select (select count(*) from staging.stg_streams), (select count(*) from ${streamFiles}),
              (select count(*) from intermediate.int_streams), (select count(*) from (select distinct _extracted_at, id from ${streamFiles})),
              (select count(distinct stream_date) from marts.fact_streams), (select count(*) from marts.audit_pipeline_runs)`,
      `select (select count(*) from staging.stg_users), (select count(*) from read_csv(${d('users.csv')}, header = true)),
              (select count(*) from marts.dim_users), (select count(*) from staging.stg_payments),
              (select count(*) from read_csv(${d('payments.csv')}, header = true))`,
    );
  const check = async (runs: number): Promise<void> => {
    const [[events], [streams], [billing]] = (await counts()) as [[unknown[]], [unknown[]], [unknown[]]];
    assert.equal(events[0], events[1], 'staging holds every lake event');
    assert.equal(events[2], events[3], 'one fct_watch row per session');
    assert.equal(Number(events[4]), Number(events[5]), 'plays in mart_daily_kpis equal play events');
    assert.equal(streams[0], streams[1], 'every snapshot row loaded once');
    assert.equal(streams[2], streams[3], 'int_streams keeps one row per snapshot and stream');
    assert.equal(Number(streams[5]), runs, 'one audit row per build');
    assert.equal(billing[0], billing[1]);
    assert.equal(billing[2], billing[1]);
    assert.equal(billing[3], billing[4]);
    assert.ok(Number(events[0]) > 0 && Number(streams[0]) > 0 && Number(billing[0]) > 0);
  };
  await check(1);
  const factRoot = join(outputDir, 'fact_streams');
  const before = await partitionFiles(factRoot);
  assert.deepEqual([...new Set([...before.keys()].map((k) => k.split('/')[0]))].sort(), [`stream_date=${lander.addDays(day1, -1)}`, `stream_date=${day1}`]);
  const [[scdBefore]] = (await queryDb(db, `select count(*) from snapshots.subscription_snapshot_check`)) as [[unknown[]]];

  // Day 2 arrives: one more lake partition, 24 more snapshot files, exports cut a day later.
  const second = await lander.landDemoData({ generated, dataDir, through: day2 });
  assert.deepEqual(second.partitions, [day2]);
  assert.equal(second.streamFiles.length, 24);
  await build();
  await checkKpis();
  await check(2);

  // The Parquet fact: the older partition's files are untouched (bytes and mtime); the new day is added.
  const after = await partitionFiles(factRoot);
  const oldPartition = `stream_date=${lander.addDays(day1, -1)}/`;
  const oldFiles = [...before.entries()].filter(([k]) => k.startsWith(oldPartition));
  assert.ok(oldFiles.length > 0);
  for (const [file, sig] of oldFiles) assert.equal(after.get(file), sig, `${file} was rewritten`);
  assert.ok([...after.keys()].some((k) => k.startsWith(`stream_date=${day2}/`)));

  // Snapshots: exactly the periods whose end date or status changed get closed, with a new current version.
  const s1 = `read_csv('${slash(join(work, 'subscriptions-day1.csv'))}', header = true, all_varchar = true)`;
  const s2 = `read_csv(${d('subscriptions.csv')}, header = true, all_varchar = true)`;
  const [[changed], [closedCheck], [closedTs], [current]] = (await queryDb(
    db,
    `select list(subscription_id order by subscription_id) from ${s1} a join ${s2} b using (subscription_id)
     where coalesce(a.end_date, '') <> coalesce(b.end_date, '')`,
    `select list(subscription_id order by subscription_id), count(*) from snapshots.subscription_snapshot_check where dbt_valid_to is not null`,
    `select list(subscription_id order by subscription_id), count(*) from snapshots.subscription_snapshot_timestamp where dbt_valid_to is not null`,
    `select (select count(*) from snapshots.subscription_snapshot_check where dbt_valid_to is null), (select count(*) from ${s2}),
            (select count(*) from snapshots.subscription_snapshot_check), (select count(*) from ${s1})`,
  )) as [[unknown[]], [unknown[]], [unknown[]], [unknown[]]];
  const changedIds = changed[0] as string[];
  assert.ok(changedIds.length > 0, 'the new day ends at least one subscription period');
  assert.deepEqual(closedCheck[0], changedIds);
  assert.deepEqual(closedTs[0], changedIds);
  assert.equal(current[0], current[1], 'one current version per subscription');
  assert.equal(Number(current[2]), Number(current[3]) + (Number(current[1]) - Number(current[3])) + changedIds.length);
  assert.equal(Number(scdBefore[0]), Number(current[3]));
});
