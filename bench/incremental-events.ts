// A 120-day event fact (10 million rows by default) built in full, then one new day of raw
// events appended and the model built incrementally (delete+insert on event_id, or the strategy given as argument 2), through the
// project engine as `reelhouse run` does. Prints the best of 3 for each and their ratio
// (target: the incremental run under 5% of the full build).
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../src/adapters/duckdb/index.js';
import { executeInvocation } from '../src/run/execute-invocation.js';
import { Logger } from '../src/run/logger.js';
import { openSession } from '../src/run/project-session.js';

const totalRows = Number(process.argv[2] ?? 10_000_000);
const days = 120;
const rounds = 3;
const perDay = Math.floor(totalRows / days);
// delete+insert on event_id by default (reruns stay idempotent); `append` as argument 2 for an immutable stream.
const strategy = process.argv[3] ?? 'delete+insert';
const dir = await mkdtemp(join(tmpdir(), 'reelhouse-bench-incremental-'));

// As a careful dbt user writes it on DuckDB: the latest loaded time is fetched first and
// compared as a literal, so DuckDB's min/max zone maps skip every row group of older events.
const MODEL = `{{ config(materialized='incremental', incremental_strategy=var('strategy'), unique_key='event_id', on_schema_change='append_new_columns') }}
{% if is_incremental() %}
  {% set latest = run_query('select max(event_ts) from ' ~ this).rows[0][0] %}
{% endif %}
select event_id, user_id, event_ts, cast(event_ts as date) as event_date, kind, watch_seconds,
  watch_seconds >= 30 as engaged
from raw.events
{% if is_incremental() %}
where event_ts > timestamp '{{ latest }}'
{% endif %}
`;

/** Raw events for days [from, to): perDay rows per day, inserted in event_ts order as a stream arrives. */
const insertDays = (from: number, to: number) => `insert into raw.events
    select i as event_id,
           (hash(i) % 500000)::int as user_id,
           timestamp '2024-01-01' + to_seconds((i // ${perDay}) * 86400 + (i % ${perDay}) * 86400 // ${perDay}) as event_ts,
           (['play', 'pause', 'stop', 'seek'])[1 + (hash(i * 7) % 4)::int] as kind,
           (hash(i * 13) % 10000) / 100.0 as watch_seconds
    from range(${from * perDay}, ${to * perDay}) t(i) order by i`;

try {
  await mkdir(join(dir, 'models'));
  await writeFile(join(dir, 'dbt_project.yml'), "name: bench\nversion: '1.0'\nconfig-version: 2\nprofile: bench\n");
  await writeFile(join(dir, 'profiles.yml'), `bench:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${JSON.stringify(join(dir, 'bench.duckdb'))}\n      schema: main\n      threads: 1\n`);
  await writeFile(join(dir, 'models', 'fct_events.sql'), MODEL);
  const raw = await openDuckDb({ path: join(dir, 'bench.duckdb') });
  await raw.execute('create schema raw');
  await raw.execute('create table raw.events (event_id bigint, user_id int, event_ts timestamp, kind varchar, watch_seconds double)');
  await raw.execute(insertDays(0, days));
  await raw.close();

  const logger = new Logger({ format: 'text', quiet: true, invocationId: 'bench' });
  // Templates see --full-refresh through flags (is_incremental()), so each mode gets its own session.
  const open = (fullRefresh: boolean) =>
    openSession({ projectDir: dir, threads: 1, vars: { strategy }, flags: { WHICH: 'run', FULL_REFRESH: fullRefresh }, logger, connect: true });
  let session = await open(true);
  const build = async (fullRefresh: boolean) => {
    const t0 = performance.now();
    const result = await executeInvocation(session, { command: 'run', fullRefresh, failFast: true, storeFailures: false, args: {} });
    const seconds = (performance.now() - t0) / 1000;
    const failed = result.results.find((r) => r.status !== 'success');
    if (failed) throw new Error(failed.message ?? 'build failed');
    return { seconds, message: result.results[0]?.message ?? '' };
  };

  const fulls: number[] = [];
  for (let i = 0; i < rounds; i++) fulls.push((await build(true)).seconds);
  await session.close();
  session = await open(false);
  const adapter = session.adapter;
  if (!adapter) throw new Error('no warehouse connection');
  const incs: number[] = [];
  let lastMessage = '';
  for (let i = 0; i < rounds; i++) {
    await adapter.execute(insertDays(days + i, days + i + 1));
    const run = await build(false);
    incs.push(run.seconds);
    lastMessage = run.message;
  }
  const count = (await adapter.execute('select count(*) from main.fct_events')).rows[0]?.[0];
  await session.close();

  const fullS = Math.min(...fulls);
  const incS = Math.min(...incs);
  console.log(`event fact: ${days} days, ${(perDay * days).toLocaleString('en-US')} rows; then ${rounds} times 1 day (${perDay.toLocaleString('en-US')} rows) appended; final rows ${String(count)}`);
  console.log(`full build (best of ${rounds}): ${fullS.toFixed(2)} s  [${fulls.map((s) => s.toFixed(2)).join(', ')}]`);
  console.log(`incremental build (best of ${rounds}, ${strategy}${strategy === 'append' ? '' : ' on event_id'}): ${incS.toFixed(3)} s  [${incs.map((s) => s.toFixed(3)).join(', ')}], last: ${lastMessage}`);
  console.log(`ratio: ${((incS / fullS) * 100).toFixed(1)}% of the full build (target < 5%)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
