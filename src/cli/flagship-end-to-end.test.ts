import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData, type DemoApiServer } from '../ingest/index.js';
import { startTestPostgres } from '../ingest/postgres/postgres-test-server.js';
import { copyProject, queryDb, resultStatuses, runCli } from './test-helpers.js';

interface DemoService {
  advanceDemoService(o: { project: string; through: string; log?: (line: string) => void }): Promise<{ end: string; days: number }>;
  startDemoServiceApi(o: { project: string }): Promise<DemoApiServer>;
  addDays(day: string, n: number): string;
}

const slash = (p: string): string => p.replaceAll('\\', '/');
const SNAPSHOT_NAME = /^streams_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.parquet$/;

/** Sets environment variables for the test and returns a function that puts the old values back. */
function setEnv(vars: Record<string, string>): () => void {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

test('the flagship ingests the demo service (files, REST APIs, Postgres), matches plain-SQL KPIs and rebuilds incrementally when a new day arrives', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'reelhouse-flagship-'));
  const dir = await copyProject('examples/streaming');
  // A copy of a project someone ran keeps its data: start from nothing.
  for (const leftover of ['data', 'output', '.reelhouse', '.demo-service.json', 'target']) await rm(join(dir, leftover), { recursive: true, force: true });
  const pg = await startTestPostgres();
  let api: DemoApiServer | undefined;
  const restoreEnv = setEnv({
    FLAGSHIP_SEED: '7', FLAGSHIP_SCALE: '150', FLAGSHIP_START: '2024-01-01',
    // Small pages, so paging the live list drifts and returns a stream twice.
    STREAMING_STREAMS_PAGE_SIZE: '3',
    STREAMING_PG_URL: pg.connectionString,
  });
  t.after(async () => {
    restoreEnv();
    delete process.env.STREAMING_API_URL;
    await api?.close();
    await pg.stop();
    await rm(work, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });
  const service = (await import(new URL('../../../examples/streaming/demo-service.mjs', import.meta.url).href)) as DemoService;
  const dataDir = join(dir, 'data');
  const db = join(dir, 'streaming.duckdb');
  // The models read the lake and the snapshots, and write the Parquet fact, under absolute folders.
  const vars = JSON.stringify({ data_dir: slash(dataDir), output_dir: slash(join(dir, 'output')) });

  // The day before the "new day" is the latest one after which some subscription period ends,
  // so the new day changes subscriptions and the snapshots have something to close.
  const horizon = join(work, 'horizon');
  const summary = await generateDemoData({ out: horizon, seed: 7, scale: 150, start: '2024-01-01', days: 45 });
  const [[cutRow]] = (await queryDb(
    ':memory:',
    `select strftime(max(cast(end_date as date) - 1), '%Y-%m-%d') from read_csv('${slash(join(horizon, 'subscriptions.csv'))}', header = true)
     where cast(end_date as date) between date '2024-01-25' and date '${summary.end}'`,
  )) as [[unknown[]]];
  const day1 = String(cutRow?.[0]);
  const day2 = service.addDays(day1, 1);
  assert.match(day1, /^2024-\d\d-\d\d$/);

  /** The demo service lives through `day`, its APIs come up on loopback, and the hourly pipeline ingests and builds. */
  const runDay = async (day: string): Promise<string> => {
    await api?.close();
    await service.advanceDemoService({ project: dir, through: day, log: () => undefined });
    api = await service.startDemoServiceApi({ project: dir });
    process.env.STREAMING_API_URL = api.url;
    const run = await runCli(['pipeline', 'run', 'hourly', '--project-dir', dir, '--vars', vars]);
    assert.equal(run.code, 0, `pipeline failed:\n${run.out}\n${run.err}`);
    assert.match(run.out, /Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);
    const statuses = [...resultStatuses(dir).entries()];
    assert.ok(statuses.length > 150, `expected the whole project, got ${statuses.length} results`);
    for (const [id, status] of statuses) assert.ok(status === 'success' || status === 'pass', `${id}: ${status}`);
    // The run history was exported when the run ended; the platform marts model it.
    const platform = await runCli(['build', '--select', 'tag:platform', '--project-dir', dir, '--vars', vars]);
    assert.equal(platform.code, 0, `platform build failed:\n${platform.out}\n${platform.err}`);
    assert.match(platform.out, /Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);
    return run.out;
  };

  // Raw-data KPIs in plain SQL over the exports, independent of ingestion and the models.
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

  const lake = `read_parquet('${slash(dataDir)}/lake/events/*/*.parquet', hive_partitioning = true)`;
  const streamFiles = `read_parquet('${slash(dataDir)}/streams/*.parquet', filename = true)`;
  const csv = (f: string): string => `read_csv(${d(f)}, header = true, all_varchar = true)`;
  /** Everything that must hold after each run: ingestion, dedupe, incremental facts, audit rows. */
  const check = async (runs: number): Promise<void> => {
    const snapshots = (await readdir(join(dataDir, 'streams'))).filter((f) => f.endsWith('.parquet'));
    assert.equal(snapshots.length, runs, 'one live-stream snapshot file per ingest run');
    for (const f of snapshots) assert.match(f, SNAPSHOT_NAME);
    assert.equal((await readdir(join(dataDir, 'catalog_api'))).filter((f) => f.endsWith('.parquet')).length, runs, 'one catalog snapshot per run');
    const titles = (await readFile(join(dataDir, 'api', 'titles.ndjson'), 'utf8')).trim().split('\n').length;
    const [[raw], [streams], [events], [platform], [audit]] = (await queryDb(
      db,
      `select (select count(*) from raw.users_raw), (select count(*) from ${csv('users.csv')}),
              (select count(*) from raw.payments_raw), (select count(*) from ${csv('payments.csv')}),
              (select count(*) from raw.ratings_raw), (select count(*) from ${csv('movielens/ratings.csv')}),
              (select count(*) from raw.catalog_titles), (select count(*) from staging.stg_titles),
              (select count(*) from marts.dim_users), (select count(*) from raw._ingest_manifest where file_path like '%.csv'),
              (select count(distinct file_path) from raw._ingest_manifest where file_path like '%.csv')`,
      `select (select count(*) from staging.stg_streams), (select count(*) from ${streamFiles}),
              (select count(*) from intermediate.int_streams), (select count(*) from (select distinct filename, id from ${streamFiles})),
              (select count(distinct stream_date) from marts.fact_streams), (select count(distinct cast(_extracted_at as date)) from ${streamFiles})`,
      `select (select count(*) from staging.stg_events), (select count(*) from ${lake}),
              (select count(*) from marts.fct_watch), (select count(distinct session_id) from ${lake}),
              (select sum(plays) from marts.mart_daily_kpis), (select count(*) from ${lake} where event_type = 'play')`,
      `select (select count(*) from raw_platform.users), (select count(*) from raw_platform.viewing_activity),
              (select count(*) from ${csv('viewing_activity.csv')}),
              (select count(*) from marts.dim_users where platform_origin = 'postgres'),
              (select round(sum(hours_watched), 1) from marts.dim_users), (select round(sum(cast(hours_watched as double)), 1) from ${csv('viewing_activity.csv')})`,
      `select (select count(*) from marts.audit_pipeline_runs), (select count(*) from raw_reelhouse.pipeline_runs where status = 'success'),
              (select count(*) from marts.mart_pipeline_health where events_reconciled), (select count(*) from marts.audit_pipeline_runs a join raw_reelhouse.pipeline_runs r using (run_id))`,
    )) as [[unknown[]], [unknown[]], [unknown[]], [unknown[]], [unknown[]]];
    // `reelhouse ingest`: the CSV exports landed in raw tables, once per file version.
    assert.equal(raw[0], raw[1], 'raw.users_raw holds the users export');
    assert.equal(raw[2], raw[3], 'raw.payments_raw holds the payments export');
    assert.equal(raw[4], raw[5], 'raw.ratings_raw holds the ratings export');
    assert.equal(Number(raw[6]), titles * runs, 'every catalog snapshot appended to raw.catalog_titles');
    assert.equal(Number(raw[7]), titles, 'stg_titles keeps the latest version of each title');
    assert.equal(raw[8], raw[1], 'one dim_users row per user');
    assert.equal(raw[9], raw[10], 'one manifest row per export file');
    // The live-stream snapshots: every file loaded once; the drifted duplicates are gone.
    assert.equal(streams[0], streams[1], 'stg_streams holds every snapshot row');
    assert.ok(Number(streams[1]) > Number(streams[3]), 'cursor drift returned some stream twice in a snapshot');
    assert.equal(streams[2], streams[3], 'int_streams keeps one row per snapshot and stream');
    assert.equal(streams[4], streams[5], 'one fact_streams partition per snapshot day');
    assert.equal(events[0], events[1], 'staging holds every lake event');
    assert.equal(events[2], events[3], 'one fct_watch row per session');
    assert.equal(Number(events[4]), Number(events[5]), 'plays in mart_daily_kpis equal play events');
    // Postgres: users and viewing behaviour extracted and joined into dim_users.
    assert.equal(platform[0], raw[1], 'raw_platform.users holds every customer');
    assert.equal(platform[1], platform[2], 'raw_platform.viewing_activity holds every viewing day');
    assert.equal(platform[3], raw[1], 'dim_users reads the Postgres users');
    assert.equal(Number(platform[4]), Number(platform[5]), 'dim_users sums the Postgres viewing behaviour');
    // One audit row per finished pipeline run, from the run history.
    assert.equal(Number(audit[0]), runs);
    assert.equal(Number(audit[1]), runs);
    assert.equal(Number(audit[2]), runs, 'every audited run reconciles with the lake');
    assert.equal(Number(audit[3]), runs, 'audit rows are the exported runs');
    assert.ok(Number(events[0]) > 0 && Number(streams[0]) > 0 && Number(raw[0]) > 0);
  };

  // Day 1: the service has lived up to the cut day; a full build.
  const first = await runDay(day1);
  assert.match(first, /billing: loaded data\/users\.csv into raw\.users_raw/);
  await copyFile(join(dataDir, 'subscriptions.csv'), join(work, 'subscriptions-day1.csv'));
  await checkKpis();
  await check(1);
  const [[scdBefore]] = (await queryDb(db, `select count(*) from snapshots.subscription_snapshot_check`)) as [[unknown[]]];

  // Day 2 arrives: one more lake partition, exports a day longer, a new live snapshot.
  const second = await runDay(day2);
  assert.match(second, /billing: loaded data\/subscriptions\.csv into raw\.subscriptions_raw/, 'the changed export is reloaded');
  await checkKpis();
  await check(2);
  // Incremental by file: the first catalog snapshot is not loaded again, only the new one.
  assert.equal(second.match(/catalog: loaded /g)?.length, 1, 'only the new catalog snapshot is loaded');

  // Snapshots: exactly the periods whose end date or status changed get closed, with a new current version.
  const s1 = `read_csv('${slash(join(work, 'subscriptions-day1.csv'))}', header = true, all_varchar = true)`;
  const s2 = csv('subscriptions.csv');
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
