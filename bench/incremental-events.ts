// A 120-day event fact (10 million rows by default, argument 1) built in full, then one new day
// of raw events appended and the model built incrementally, through the project engine as
// `reelhouse run` does (compile with is_incremental() and run_query, catalog checks, schema
// comparison, the strategy's statements, commit, artifacts). Each strategy (argument 2: one of
// delete+insert, append, merge, or `all`, the default) gets its own full builds and then 3
// incremental runs, one new day each. Prints the best of 3 for each, the median, their ratio
// (target: the incremental run under 5% of the full build), and the process CPU time of both
// (DuckDB's threads included), which a busy machine disturbs less than wall time. Each run is
// followed by a checkpoint, timed apart: the same ratio is printed with it counted, since a CLI
// run pays that deferred write when it closes the database on exit. With `phases`
// as argument 3, each incremental run is also listed statement by statement, with the
// time left over for rendering, artifacts and scheduling.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../src/adapters/adapter.js';
import { openDuckDb } from '../src/adapters/duckdb/index.js';
import { executeInvocation } from '../src/run/execute-invocation.js';
import { Logger } from '../src/run/logger.js';
import { openSession } from '../src/run/project-session.js';

const totalRows = Number(process.argv[2] ?? 10_000_000);
const days = 120;
const rounds = 3;
const perDay = Math.floor(totalRows / days);
// delete+insert on event_id keeps reruns idempotent; append suits an immutable stream; merge updates in place.
const STRATEGIES = ['delete+insert', 'append', 'merge'];
const wanted = process.argv[3] ?? 'all';
if (wanted !== 'all' && !STRATEGIES.includes(wanted)) throw new Error(`unknown strategy ${wanted}: use one of ${STRATEGIES.join(', ')} or all`);
const strategies = wanted === 'all' ? STRATEGIES : [wanted];
const showPhases = process.argv[4] === 'phases';
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
  let loadedDays = days;
  const summary: string[] = [];
  for (const strategy of strategies) {
    // Templates see --full-refresh through flags (is_incremental()), so each mode gets its own session.
    const open = (fullRefresh: boolean) =>
      openSession({ projectDir: dir, threads: 1, vars: { strategy }, flags: { WHICH: 'run', FULL_REFRESH: fullRefresh }, logger, connect: true });
    let session = await open(true);
    let trace: StatementTrace | undefined;
    const build = async (fullRefresh: boolean): Promise<Timed & { message: string }> => {
      trace?.start();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await executeInvocation(session, { command: 'run', fullRefresh, failFast: true, storeFailures: false, args: {} });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0);
      const failed = result.results.find((r) => r.status !== 'success');
      if (failed) throw new Error(failed.message ?? 'build failed');
      const statements = trace?.stop() ?? [];
      // A small commit leaves its rows in DuckDB's write-ahead log, and compressing them into the
      // database file is work deferred to a checkpoint, which a CLI run pays when it closes the
      // database on exit (a full build's rows go straight to the file and leave little behind).
      const t1 = performance.now();
      await session.adapter?.execute('checkpoint');
      return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, checkpointSeconds: (performance.now() - t1) / 1000, message: result.results[0]?.message ?? '', statements };
    };

    const fulls: Timed[] = [];
    for (let i = 0; i < rounds; i++) fulls.push(await build(true));
    await session.close();
    session = await open(false);
    const adapter = session.adapter;
    if (!adapter) throw new Error('no warehouse connection');
    if (showPhases) trace = traceStatements(adapter);
    const incs: Timed[] = [];
    let lastMessage = '';
    for (let i = 0; i < rounds; i++) {
      await adapter.execute(insertDays(loadedDays, loadedDays + 1));
      // The new raw rows are made durable before the timed run, as the loader's own exit would:
      // otherwise their checkpoint could land in the model's commit and be charged to it.
      await adapter.execute('checkpoint');
      loadedDays++;
      const run = await build(false);
      incs.push(run);
      lastMessage = run.message;
    }
    const count = (await adapter.execute('select count(*) from main.fct_events')).rows[0]?.[0];
    await session.close();

    const full = best(fulls);
    const inc = best(incs);
    const builtDays = loadedDays - rounds;
    console.log(`${strategy}${strategy === 'append' ? '' : ' on event_id'}: fact of ${builtDays} days, ${(perDay * builtDays).toLocaleString('en-US')} rows; then ${rounds} times 1 day (${perDay.toLocaleString('en-US')} rows) appended; final rows ${String(count)}`);
    console.log(`  full build (best of ${rounds}): ${full.seconds.toFixed(2)} s  [${list(fulls, 2)}], median ${median(fulls).toFixed(2)} s; cpu ${full.cpuSeconds.toFixed(2)} s`);
    console.log(`  incremental build (best of ${rounds}): ${inc.seconds.toFixed(3)} s  [${list(incs, 3)}], median ${median(incs).toFixed(3)} s; cpu ${inc.cpuSeconds.toFixed(3)} s; last: ${lastMessage}`);
    const ratio = `${((inc.seconds / full.seconds) * 100).toFixed(1)}%`;
    const cpuRatio = `${((inc.cpuSeconds / full.cpuSeconds) * 100).toFixed(1)}%`;
    console.log(`  ratio: ${ratio} of the full build (target < 5%); cpu ratio ${cpuRatio}`);
    const durable = (r: Timed) => r.seconds + r.checkpointSeconds;
    const fullDurable = Math.min(...fulls.map(durable));
    const incDurable = Math.min(...incs.map(durable));
    const durableRatio = `${((incDurable / fullDurable) * 100).toFixed(1)}%`;
    console.log(
      `  with each run's checkpoint (what a CLI run pays on exit), best of ${rounds}: full ${fullDurable.toFixed(2)} s, incremental ${incDurable.toFixed(3)} s [${incs.map((r) => `${r.seconds.toFixed(3)} + ${r.checkpointSeconds.toFixed(3)}`).join(', ')}]; ratio ${durableRatio}`,
    );
    if (showPhases) incs.forEach((run, i) => printPhases(run, i + 1));
    summary.push(`${strategy} ${ratio} (cpu ${cpuRatio}; with checkpoints ${durableRatio})`);
  }
  if (strategies.length > 1) console.log(`ratios: ${summary.join(', ')}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** One timed build: wall seconds, and the process's CPU seconds over all its threads. */
interface Timed {
  seconds: number;
  cpuSeconds: number;
  /** The checkpoint right after the run: the deferred part of its writes (see build). */
  checkpointSeconds: number;
  /** With `phases`: each statement the build sent, and how long it took. */
  statements?: { sql: string; ms: number }[];
}

/** Switches statement recording on and off around one build. */
interface StatementTrace {
  start(): void;
  stop(): { sql: string; ms: number }[];
}

/** Records the statements sent through `adapter`: asynchronously by the materialization, synchronously by templates (run_query, is_incremental). */
function traceStatements(adapter: Adapter): StatementTrace {
  let log: { sql: string; ms: number }[] | undefined;
  const execute = adapter.execute.bind(adapter);
  const executeSync = adapter.executeSync.bind(adapter);
  adapter.execute = async (sql, options) => {
    const t0 = performance.now();
    try {
      return await execute(sql, options);
    } finally {
      log?.push({ sql, ms: performance.now() - t0 });
    }
  };
  adapter.executeSync = (sql, options) => {
    const t0 = performance.now();
    try {
      return executeSync(sql, options);
    } finally {
      log?.push({ sql, ms: performance.now() - t0 });
    }
  };
  return {
    start: () => {
      log = [];
    },
    stop: () => {
      const out = log ?? [];
      log = undefined;
      return out;
    },
  };
}

function printPhases(run: Timed, round: number): void {
  const statements = run.statements ?? [];
  console.log(`  incremental run ${round} (${run.seconds.toFixed(3)} s), statement by statement:`);
  for (const s of statements) console.log(`    ${s.ms.toFixed(1).padStart(6)} ms  ${s.sql.replace(/\s+/gu, ' ').trim().slice(0, 100)}`);
  const inSql = statements.reduce((sum, s) => sum + s.ms, 0);
  console.log(`    statements ${inSql.toFixed(1)} ms; rendering, artifacts and scheduling ${(run.seconds * 1000 - inSql).toFixed(1)} ms`);
}

/** The fastest run by wall time (the one least disturbed by other work on the machine). */
function best(runs: Timed[]): Timed {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function median(runs: Timed[]): number {
  const sorted = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function list(runs: Timed[], digits: number): string {
  return runs.map((r) => r.seconds.toFixed(digits)).join(', ');
}
