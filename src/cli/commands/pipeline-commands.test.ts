import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLiveServeLock, RunStore, serveLockPath, submitJob, type ServeLock } from '../../orchestrate/index.js';
import { makeTempProject, removeTempProject, startHealthReceiver, waitFor } from '../../orchestrate/testing/temp-project.js';
import { orchestrateCli, orchestrateCliScript } from './orchestrate-test-cli.js';


async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await orchestrateCli(args, { sink: { out: (l) => out.push(l), err: (l) => err.push(l) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Starts `reelhouse serve` for a project as a child process and waits for its lock. */
async function startServeChild(dir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; lock: ServeLock; output: () => string }> {
  const chunks: string[] = [];
  const child = spawn(process.execPath, [orchestrateCliScript, 'serve', '--project-dir', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REELHOUSE_NO_TIMESTAMPS: '1', ...env },
  });
  child.stdout!.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => chunks.push(d.toString()));
  let lock: ServeLock | undefined;
  await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${chunks.join('')}`);
    lock = readLiveServeLock(dir);
    return lock !== undefined && lock.pid === child.pid && lock.port > 0;
  }, 'serve to start', 60_000);
  return { child, lock: lock!, output: () => chunks.join('') };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((ok) => {
    child.once('exit', (code) => ok(code));
    child.kill(signal);
  });
}

test('pipeline run builds the project, records node results with SQL hashes, and runs/ls print them', async (t) => {
  const hc = await startHealthReceiver();
  const dir = await makeTempProject({
    'pipelines.yml': `pipelines:\n  nightly:\n    health_check: ${hc.url}\n    steps:\n      - build\n      - shell: echo built\n`,
  });
  t.after(async () => {
    await hc.close();
    await removeTempProject(dir);
  });
  const run = await cli(['pipeline', 'run', 'nightly', '--project-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  assert.match(run.out, /Completed successfully/);
  assert.deepEqual(hc.pings.map((p) => p.kind), ['start', 'success']);
  const history = new RunStore(dir).read();
  const nodes = history.nodes.filter((n) => n.runId === history.runs[0]!.id);
  assert.deepEqual(nodes.map((n) => n.uniqueId).sort(), ['model.orch.first_model', 'model.orch.second_model']);
  assert.ok(nodes.every((n) => n.status === 'success' && /^[0-9a-f]{64}$/.test(n.sqlSha256 ?? '')));

  const runs = await cli(['runs', '--last', '1', '--project-dir', dir]);
  assert.equal(runs.code, 0);
  assert.match(runs.out, /nightly\s+SUCCESS\s+manual/);
  assert.match(runs.out, /build\s+success/);
  const ls = await cli(['pipeline', 'ls', '--project-dir', dir]);
  assert.match(ls.out, /nightly {2}\(manual\)\n {2}- build: build\n {2}- shell: shell: echo built/);
  const missing = await cli(['pipeline', 'run', 'nope', '--project-dir', dir]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no pipeline named 'nope'.*\n.*Pipelines in this project: nightly/);
});

test('a backfill passes run_date to build steps as a var, one recorded run per day', async (t) => {
  const dir = await makeTempProject({
    'pipelines.yml': `pipelines:\n  reload:\n    steps:\n      - build --select first_model\n`,
    'models/first_model.sql':
      "{{ config(materialized='table') }}\n{% if var('run_date') == '2024-03-02' and not env_var('REELHOUSE_FIXED_DAY', '') %}select * from no_such_table{% else %}select '{{ var(\"run_date\") }}' as run_date{% endif %}\n",
  });
  t.after(() => removeTempProject(dir));
  const first = await cli(['pipeline', 'backfill', 'reload', '--start', '2024-03-01', '--end', '2024-03-03', '--project-dir', dir]);
  assert.equal(first.code, 1, first.out);
  assert.match(first.out, /2024-03-01 {2}success[\s\S]*2024-03-02 {2}failed[\s\S]*2024-03-03 {2}not_run/);
  process.env.REELHOUSE_FIXED_DAY = '1';
  t.after(() => delete process.env.REELHOUSE_FIXED_DAY);
  const second = await cli(['pipeline', 'backfill', 'reload', '--start', '2024-03-01', '--end', '2024-03-03', '--project-dir', dir]);
  assert.equal(second.code, 0, `${second.out}\n${second.err}`);
  assert.match(second.out, /resuming backfill reload:2024-03-01:2024-03-03 from 2024-03-02/);
  const { openDuckDb } = await import('../../adapters/duckdb/index.js');
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  try {
    assert.deepEqual((await db.execute('select run_date from main.first_model')).rows, [['2024-03-03']]);
    const days = await db.execute(`select run_date::varchar, status from raw_reelhouse.pipeline_runs order by started_at`);
    assert.deepEqual(days.rows, [['2024-03-01', 'success'], ['2024-03-02', 'failed'], ['2024-03-02', 'success'], ['2024-03-03', 'success']]);
  } finally {
    await db.close();
  }
});

test('while serve owns the warehouse, a CLI build is handed to it and streams back; --no-server fails naming the PID', async (t) => {
  const dir = await makeTempProject({ 'models/broken_model.sql': 'select * from no_such_table\n' });
  const serve = await startServeChild(dir);
  t.after(async () => {
    await stopChild(serve.child, 'SIGKILL');
    await removeTempProject(dir);
  });
  const ok = await cli(['build', '--select', 'first_model', 'second_model', '--project-dir', dir]);
  assert.equal(ok.code, 0, `${ok.out}\n${ok.err}\n--- serve ---\n${serve.output()}`);
  assert.match(ok.err, new RegExp(`Handing this command to reelhouse serve \\(pid ${serve.child.pid}`));
  assert.match(ok.out, /OK created sql table model main\.first_model/);
  assert.match(ok.out, /Completed successfully/);

  const bad = await cli(['build', '--select', 'broken_model', '--project-dir', dir]);
  assert.equal(bad.code, 1);
  assert.match(`${bad.out}\n${bad.err}`, /no_such_table/);

  const refused = await cli(['build', '--no-server', '--project-dir', dir]);
  assert.equal(refused.code, 2);
  assert.match(refused.err, new RegExp(`held by reelhouse serve \\(pid ${serve.child.pid}: reelhouse serve --project-dir`));
});

test('a dashboard query is answered by serve while a long build is running', async (t) => {
  const dir = await makeTempProject({
    'models/slow_model.sql':
      "{{ config(materialized='table') }}\nselect count(*) as n from range(12000) a, range(12000) b where (a.range * 7 + b.range) % 1000003 = 1\n",
  });
  await cli(['build', '--select', 'first_model', '--project-dir', dir]);
  const serve = await startServeChild(dir);
  t.after(async () => {
    await stopChild(serve.child, 'SIGKILL');
    await removeTempProject(dir);
  });
  const events: string[] = [];
  let query: Promise<void> | undefined;
  const sink = {
    out: (line: string) => {
      if (/START sql table model main\.slow_model/.test(line) && !query) {
        events.push('build started');
        query = fetch(`http://127.0.0.1:${serve.lock.port}/api/query`, {
          method: 'POST',
          body: JSON.stringify({ sql: 'select id from main.first_model' }),
        })
          .then((r) => r.json() as Promise<{ rows: unknown[][] }>)
          .then((body: { rows: unknown[][] }) => {
            events.push(`query answered ${JSON.stringify(body.rows)}`);
          });
      }
    },
    err: () => undefined,
  };
  const code = await submitJob(serve.lock, ['build', '--select', 'slow_model', '--project-dir', dir], sink);
  events.push('build finished');
  await query;
  assert.equal(code, 0, serve.output());
  assert.deepEqual(events, ['build started', 'query answered [[1]]', 'build finished']);
});

test('serve killed mid-run: on restart the run is marked failed and the next run proceeds; a stale lock is cleared', async (t) => {
  const dir = await makeTempProject({
    'pipelines.yml': `pipelines:\n  slow:\n    steps:\n      - shell: 'if [ -f slow ]; then sleep 3; fi; echo done'\n`,
    slow: '',
  });
  t.after(() => removeTempProject(dir));
  const first = await startServeChild(dir);
  const store = new RunStore(dir);
  const started = await fetch(`http://127.0.0.1:${first.lock.port}/api/pipelines/slow/run`, { method: 'POST' });
  assert.equal(started.status, 202);
  await waitFor(() => store.read().runs.some((r) => r.status === 'running'), 'the run to start');
  await stopChild(first.child, 'SIGKILL');
  assert.ok(existsSync(serveLockPath(dir)), 'SIGKILL leaves the lock behind');
  assert.equal(readLiveServeLock(dir), undefined, 'a lock whose process is gone is stale');

  const second = await startServeChild(dir);
  t.after(() => stopChild(second.child, 'SIGKILL'));
  const [killed] = store.read().runs;
  assert.equal(killed?.status, 'failed');
  assert.match(killed?.error ?? '', new RegExp(`pid ${first.child.pid}\\) stopped before the run finished`));
  rmSync(join(dir, 'slow'));
  await fetch(`http://127.0.0.1:${second.lock.port}/api/pipelines/slow/run`, { method: 'POST' });
  await waitFor(() => store.read().runs[0]?.status === 'success', 'the next run to succeed');
  assert.equal(await stopChild(second.child, 'SIGTERM'), 0, second.output());
  assert.equal(existsSync(serveLockPath(dir)), false, 'a clean stop removes the lock');
  writeFileSync(join(dir, 'done'), '');
});

/** Replaces a file in one step, so that a reader never sees it half written. */
function replaceFile(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function serveQuery(lock: ServeLock, sql: string): Promise<unknown[][]> {
  const res = await fetch(`http://127.0.0.1:${lock.port}/api/query`, { method: 'POST', body: JSON.stringify({ sql }) });
  const body = (await res.json()) as { rows?: unknown[][]; error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.rows ?? [];
}

test('a scheduled build past its timeout is interrupted: the old table stays, the run fails with a timeout and pings /fail, and the next run works', async (t) => {
  const hc = await startHealthReceiver();
  const dir = await makeTempProject({
    'seeds/settings.csv': 'n\n10\n',
    // n x n rows through a filter: instant for n = 10, hours for n = 100000.
    'models/slow_model.sql':
      "{{ config(materialized='table') }}\nselect max(s.n) as n, count(*) as hits from {{ ref('settings') }} s, range(s.n) a(x), range(s.n) b(y) where (a.x * 7 + b.y) % 1000003 = 1\n",
    'pipelines.yml': `pipelines:
  guarded:
    schedule: {cron: '* * * * * *', timezone: UTC}
    health_check: "{{ env_var('GUARDED_HEALTH_CHECK') }}"
    steps:
      - command: build --select settings slow_model
        timeout: 2s
        retries: 1
        retry_delay: 200ms
`,
  });
  const first = await cli(['build', '--select', 'settings', 'slow_model', '--project-dir', dir]);
  assert.equal(first.code, 0, `${first.out}\n${first.err}`);
  replaceFile(join(dir, 'seeds', 'settings.csv'), 'n\n100000\n');
  const serve = await startServeChild(dir, { GUARDED_HEALTH_CHECK: hc.url });
  t.after(async () => {
    await stopChild(serve.child, 'SIGKILL');
    await hc.close();
    await removeTempProject(dir);
  });
  const store = new RunStore(dir);
  // The model's node record says whether an attempt got as far as the slow statement: on a busy
  // machine the timeout can come while the project is still loading (the node is then skipped).
  const slowNodes = (runId: string) => store.read().nodes.filter((n) => n.runId === runId && n.uniqueId === 'model.orch.slow_model');
  const interruptedRun = () => store.read().runs.find((r) => r.status === 'failed' && slowNodes(r.id).some((n) => n.status === 'error'));
  await waitFor(() => interruptedRun() !== undefined, 'a scheduled run whose build was interrupted', 90_000);
  const failed = interruptedRun()!;
  assert.equal(failed.trigger, 'schedule');
  assert.match(failed.error ?? '', /step build failed/);
  const attempts = store.read().steps.filter((s) => s.runId === failed.id);
  assert.deepEqual(attempts.map((s) => [s.attempt, s.status]), [[1, 'timeout'], [2, 'timeout']], 'the retry ran after the first attempt was stopped');
  for (const attempt of attempts) {
    const stopped = /^timed out after 2s; stopped (\d+(?:\.\d)?)s later$/.exec(attempt.error ?? '');
    assert.ok(stopped, attempt.error ?? '');
    assert.ok(Number(stopped[1]) < 3, `stopped ${stopped[1]}s after the timeout`);
    const seconds = (Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt)) / 1000;
    assert.ok(seconds < 5, `the attempt ended ${seconds}s after it started, long after its 2s timeout`);
  }
  // Each attempt recorded the model: interrupted mid-statement, or skipped when cancelled before it started.
  const slow = slowNodes(failed.id);
  assert.equal(slow.length, 2, JSON.stringify(slow));
  assert.ok(slow.every((n) => n.status === 'skipped' || (n.status === 'error' && /Cancelled: the step build timed out after 2s|INTERRUPT/.test(n.message ?? ''))), JSON.stringify(slow));
  await waitFor(() => hc.pings.some((p) => p.kind === 'fail' && p.rid === failed.id), 'the /fail ping of the timed-out run');
  assert.match(hc.pings.find((p) => p.kind === 'fail' && p.rid === failed.id)!.body, /timed out after 2s/);
  // The interrupted rebuild rolled back: the previous table is intact and readable.
  assert.deepEqual(await serveQuery(serve.lock, 'select n, hits from main.slow_model'), [[10, 1]]);

  replaceFile(join(dir, 'seeds', 'settings.csv'), 'n\n11\n');
  await waitFor(
    () => store.read().runs.some((r) => r.status === 'success' && r.startedAt > failed.startedAt),
    'a later scheduled run to succeed',
    60_000,
  );
  assert.deepEqual(await serveQuery(serve.lock, 'select n from main.slow_model'), [[11]]);
  assert.ok(!serve.output().includes(hc.url), 'the health-check URL from the environment is never printed');
});

test('a pipeline ingests a CSV folder, then builds a model on the raw table; history records rows for both', async (t) => {
  const hc = await startHealthReceiver();
  const dir = await makeTempProject({
    'ingest.yml': 'sources:\n  crm:\n    type: files\n    path: incoming/*.csv\n    table: customers_raw\n    schema: raw\n',
    'incoming/customers.csv': 'id,name\n1,ann\n2,bob\n3,cy\n',
    'models/sources.yml': 'version: 2\nsources:\n  - name: crm\n    schema: raw\n    tables:\n      - name: customers_raw\n',
    'models/customer_names.sql': "{{ config(materialized='table') }}\nselect id, upper(name) as name from {{ source('crm', 'customers_raw') }}\n",
    'pipelines.yml': `pipelines:\n  load:\n    health_check: ${hc.url}\n    steps:\n      - ingest crm\n      - build --select customer_names\n`,
  });
  t.after(async () => {
    await hc.close();
    await removeTempProject(dir);
  });
  const first = await cli(['pipeline', 'run', 'load', '--project-dir', dir]);
  assert.equal(first.code, 0, `${first.out}\n${first.err}`);
  assert.match(first.out, /ingest crm: success, 3 rows into raw\.customers_raw/);
  writeFileSync(join(dir, 'incoming', 'more.csv'), 'id,name\n4,dee\n');
  const second = await cli(['pipeline', 'run', 'load', '--project-dir', dir]);
  assert.equal(second.code, 0, `${second.out}\n${second.err}`);

  const history = new RunStore(dir).read();
  const runs = [...history.runs].reverse();
  assert.deepEqual(runs.map((r) => [r.pipeline, r.status]), [['load', 'success'], ['load', 'success']]);
  for (const run of runs) {
    assert.deepEqual(history.steps.filter((s) => s.runId === run.id).map((s) => [s.step, s.attempt, s.status]), [['ingest_crm', 1, 'success'], ['build', 1, 'success']]);
  }
  const rows = (run: { id: string }) =>
    history.nodes.filter((n) => n.runId === run.id).map((n) => [n.step, n.uniqueId, n.status, n.rowsAffected]);
  // The second run loads only the new file; the table model counts every row it wrote.
  assert.deepEqual(rows(runs[0]!), [['ingest_crm', 'ingest.crm', 'success', 3], ['build', 'model.orch.customer_names', 'success', 3]]);
  assert.deepEqual(rows(runs[1]!), [['ingest_crm', 'ingest.crm', 'success', 1], ['build', 'model.orch.customer_names', 'success', 4]]);
  assert.deepEqual(hc.pings.map((p) => p.kind), ['start', 'success', 'start', 'success']);

  const { openDuckDb } = await import('../../adapters/duckdb/index.js');
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  try {
    assert.deepEqual((await db.execute('select id, name from main.customer_names order by id')).rows, [[1, 'ANN'], [2, 'BOB'], [3, 'CY'], [4, 'DEE']]);
    assert.deepEqual((await db.execute('select count(*) from raw.customers_raw')).rows, [[4]]);
    const exported = await db.execute(
      `select n.unique_id, n.rows_affected from raw_reelhouse.node_results n join raw_reelhouse.pipeline_runs r using (run_id) order by r.started_at, n.unique_id`,
    );
    assert.deepEqual(exported.rows, [['ingest.crm', 3], ['model.orch.customer_names', 3], ['ingest.crm', 1], ['model.orch.customer_names', 4]]);
  } finally {
    await db.close();
  }
});

test('pipeline ls never prints a value pipelines.yml took from the environment', async (t) => {
  const dir = await makeTempProject({
    'pipelines.yml': "pipelines:\n  p:\n    health_check: \"{{ env_var('LS_HC_URL') }}\"\n    steps:\n      - \"shell: curl -H 'X-Token: {{ env_var('LS_TOKEN') }}' https://example.invalid\"\n",
    '.env': 'LS_TOKEN=tok-from-dotenv-123456\nLS_HC_URL=https://hc.example/ping/abcdef-123456\n',
  });
  t.after(() => removeTempProject(dir));
  for (const output of ['text', 'json']) {
    const ls = await cli(['pipeline', 'ls', '--output', output, '--project-dir', dir]);
    assert.equal(ls.code, 0, ls.err);
    assert.match(ls.out, /X-Token: \*\*\*\*/);
    assert.ok(!ls.out.includes('tok-from-dotenv-123456') && !ls.out.includes('abcdef-123456'), ls.out);
  }
});
