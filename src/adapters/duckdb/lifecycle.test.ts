import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../../core/diagnostic.js';
import { discardDuckDbWorker, openDuckDb, startDuckDbWorker } from './open-duckdb.js';

const moduleUrl = new URL('./open-duckdb.js', import.meta.url).href;
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'reelhouse-lifecycle-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function hasCode(code: string): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(isReelhouseError(error), `expected a ReelhouseError, got ${String(error)}`);
    assert.equal(error.diagnostic.code, code, error.message);
    return true;
  };
}

/** Runs a module script in a child node process and returns its exit status and output. */
function runChild(script: string, timeout = 20_000): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout });
  return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr };
}

/** Another process holding `path` open with a table t (x = `value`) until its stdin ends; resolves once it is ready. */
async function holdInOtherProcess(path: string, value: number): Promise<{ pid: number | undefined; release: () => void; exited: Promise<unknown> }> {
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { openDuckDb } from ${JSON.stringify(moduleUrl)};
       const db = await openDuckDb({ path: process.argv[1] });
       await db.execute('create table t as select ${value} as x');
       console.log('ready');
       process.stdin.resume();
       process.stdin.on('end', async () => { await db.close(); process.exit(0); });`,
      path,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => holder.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    holder.on('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
  });
  return { pid: holder.pid, release: () => holder.stdin.end(), exited };
}

describe('opening a warehouse', () => {
  it('reports a file held by another process as warehouse-locked, naming the file and PID', async () => {
    const path = join(dir, 'locked.duckdb');
    const holder = await holdInOtherProcess(path, 1);
    try {
      await assert.rejects(openDuckDb({ path }), (error: unknown) => {
        hasCode('warehouse-locked')(error);
        assert.ok(isReelhouseError(error));
        assert.ok(error.message.includes(path), error.message);
        assert.ok(error.message.includes(`PID ${holder.pid}`), error.message);
        assert.ok(error.diagnostic.hint, 'has a hint');
        return true;
      });
    } finally {
      holder.release();
      await holder.exited;
    }
    // Once the other process is gone, the file opens and its data is there.
    const db = await openDuckDb({ path });
    assert.deepEqual((await db.execute('select x from t')).rows, [[1]]);
    await db.close();
  });

  it('tries a statement again after an exception the profile\'s retries: names (dbt-duckdb\'s query_attempts)', async () => {
    const csv = join(dir, 'late.csv');
    const query = `select count(*) from read_csv('${csv}')`;
    const db = await openDuckDb({ path: ':memory:', queryRetries: { attempts: 3, retryable: ['IOException'] } });
    const strict = await openDuckDb({ path: ':memory:', queryRetries: { attempts: 3, retryable: ['CatalogException'] } });
    try {
      // A missing file is an IO Error: without IOException listed it fails at once, with DuckDB's message.
      const started = performance.now();
      await assert.rejects(strict.execute(query), /IO Error/);
      // Retried, the two waits alone would take 3 s; a loaded machine may still take a while to fail once.
      assert.ok(performance.now() - started < 2500, 'not retried');
      // Listed, the statement is tried again a second later, when the file has arrived.
      const waiting = db.execute(query);
      setTimeout(() => writeFileSync(csv, 'a\n1\n2\n'), 300);
      assert.deepEqual((await waiting).rows, [[2]]);
      // Other errors are never retried.
      await assert.rejects(db.execute('select * from no_such_table'), /Catalog Error/);
    } finally {
      await db.close();
      await strict.close();
    }
  });

  it('waits for a file another process holds when the profile\'s retries: asks to (dbt-duckdb\'s connect_attempts)', async () => {
    const path = join(dir, 'retried.duckdb');
    const holder = await holdInOtherProcess(path, 7);
    try {
      // Only the exception names listed are waited for: a lock is an IOException.
      const started = performance.now();
      await assert.rejects(openDuckDb({ path, connectRetries: { attempts: 4, retryable: ['CatalogException'] } }), hasCode('warehouse-locked'));
      // Retried, the three waits alone would take 7 s.
      assert.ok(performance.now() - started < 5000, 'not retried');
      const waiting = openDuckDb({ path, connectRetries: { attempts: 4, retryable: ['IOException'] } });
      setTimeout(holder.release, 300);
      const db = await waiting;
      assert.deepEqual((await db.execute('select x from t')).rows, [[7]]);
      await db.close();
    } finally {
      holder.release();
      await holder.exited;
    }
  });

  it('refuses to open a file twice for writing in one process', async () => {
    const path = join(dir, 'twice.duckdb');
    const first = await openDuckDb({ path });
    await assert.rejects(openDuckDb({ path }), hasCode('warehouse-locked'));
    await first.close();
    const again = await openDuckDb({ path });
    await again.close();
  });

  it('opens a warehouse on a worker started before the file was known, and creates nothing for a discarded one', async () => {
    const path = join(dir, 'warm.duckdb');
    const db = await openDuckDb({ path }, startDuckDbWorker());
    await db.execute('create table t as select 3 as x');
    assert.deepEqual((await db.execute('select x from t')).rows, [[3]]);
    // A second open of the same file is refused before the worker is used, and that worker stops.
    await assert.rejects(openDuckDb({ path }, startDuckDbWorker()), hasCode('warehouse-locked'));
    await db.close();
    await discardDuckDbWorker(startDuckDbWorker());
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('warm')), ['warm.duckdb']);
  });

  it('lets the process exit when a started worker is never used', () => {
    const child = runChild(`
      import { startDuckDbWorker } from ${JSON.stringify(moduleUrl)};
      startDuckDbWorker();
      console.log('done');
    `);
    assert.equal(child.signal, null, 'exited by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'done');
  });

  it('opens :memory: with the catalog name memory', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    assert.equal(db.defaultDatabase, 'memory');
    await db.close();
  });

  it('applies threads and settings, and reports a bad setting', async () => {
    const db = await openDuckDb({ path: ':memory:', threads: 2, settings: { default_null_order: 'nulls_first_on_asc_last_on_desc', preserve_insertion_order: false } });
    const result = await db.execute("select current_setting('threads'), current_setting('default_null_order'), current_setting('preserve_insertion_order')");
    assert.deepEqual(result.rows, [[2, 'NULLS_FIRST_ON_ASC_LAST_ON_DESC', false]]);
    // Every connection of the pool gets the settings, not only the first.
    const many = await Promise.all(Array.from({ length: 4 }, () => db.execute("select current_setting('default_null_order')")));
    for (const r of many) assert.deepEqual(r.rows, [['NULLS_FIRST_ON_ASC_LAST_ON_DESC']]);
    await db.close();
    await assert.rejects(openDuckDb({ path: ':memory:', settings: { no_such_setting: 1 } }), hasCode('invalid-setting'));
    await assert.rejects(openDuckDb({ path: ':memory:', settings: { 'threads = 1; drop table x; --': 1 } }), hasCode('invalid-setting'));
  });

  it('loads bundled extensions and reports missing ones without downloading', async () => {
    const db = await openDuckDb({ path: ':memory:', extensions: ['json', 'parquet'] });
    assert.deepEqual((await db.execute(`select json_extract('{"a": 3}', '$.a')::int`)).rows, [[3]]);
    await db.close();
    const started = performance.now();
    await assert.rejects(openDuckDb({ path: ':memory:', extensions: ['spatial'] }), (error: unknown) => {
      hasCode('extension-unavailable')(error);
      assert.match((error as Error).message, /"spatial"/);
      return true;
    });
    assert.ok(performance.now() - started < 10_000, 'failed fast, no download attempt');
  });

  it('opens a file read-only: reads work, writes are refused', async () => {
    const path = join(dir, 'readonly.duckdb');
    const writer = await openDuckDb({ path });
    await writer.execute('create table facts as select 1 as n');
    await writer.close();
    const reader = await openDuckDb({ path, readOnly: true });
    const second = await openDuckDb({ path, readOnly: true });
    assert.deepEqual((await reader.execute('select n from facts')).rows, [[1]]);
    assert.deepEqual(second.executeSync('select count(*) from facts').rows, [[1]]);
    await assert.rejects(reader.execute('insert into facts values (2)'), (error: unknown) => {
      hasCode('database-error')(error);
      assert.match((error as Error).message, /read-only/i);
      return true;
    });
    await reader.close();
    await second.close();
  });
});

describe('the reader session', () => {
  it('answers dashboard queries while a long build statement runs, from committed data', async () => {
    const db = await openDuckDb({ path: join(dir, 'serving.duckdb') });
    await db.execute('create table kpis as select 1 as mau');
    let buildDone = false;
    const build = db
      .transaction(async (session) => {
        await db.execute('insert into kpis values (2)', { session });
        await db.execute('create table heavy as select sum(hash(range)) as h from range(100000000)', { session });
      })
      .then(() => (buildDone = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const seen = await db.execute('select count(*) from kpis where mau > $1', { session: 'reader', params: [0] });
    assert.equal(buildDone, false, 'the reader answered while the build was running');
    assert.deepEqual(seen.rows, [[1]], 'only committed rows are visible');
    await build;
    assert.deepEqual((await db.execute('select count(*) from kpis', { session: 'reader' })).rows, [[2]]);
    await db.close();
  });

  it('refuses writes and multi-statement text', async () => {
    const db = await openDuckDb({ path: join(dir, 'guarded.duckdb') });
    await db.execute('create table t as select 1 as x');
    await assert.rejects(db.execute('drop table t', { session: 'reader' }), hasCode('database-error'));
    await assert.rejects(db.execute('select 1; drop table t', { session: 'reader' }), hasCode('reader-single-statement'));
    assert.deepEqual((await db.execute('select x from t', { session: 'reader' })).rows, [[1]]);
    assert.deepEqual(db.executeSync('select x from t', { session: 'reader', maxRows: 1 }).rows, [[1]]);
    await db.close();
  });
});

describe('closing and crashing', () => {
  it('lets the process exit after close()', () => {
    const path = join(dir, 'exit.duckdb');
    const child = runChild(`
      import { openDuckDb } from ${JSON.stringify(moduleUrl)};
      const db = await openDuckDb({ path: ${JSON.stringify(path)} });
      db.executeSync('create table t as select 1 as x');
      const slow = db.execute('select count(*) from t');
      console.log(JSON.stringify(db.executeSync('select x from t').rows), JSON.stringify((await slow).rows));
      await db.close();
    `);
    assert.equal(child.signal, null, 'exited by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), '[[1]] [[1]]');
  });

  it('lets the process exit even when close() was forgotten, keeping committed data', () => {
    const path = join(dir, 'forgot.duckdb');
    const child = runChild(`
      import { openDuckDb } from ${JSON.stringify(moduleUrl)};
      const db = await openDuckDb({ path: ${JSON.stringify(path)} });
      await db.execute('create table t as select 5 as x');
    `);
    assert.equal(child.signal, null, 'exited by itself');
    assert.equal(child.status, 0, child.stderr);
    const check = runChild(`
      import { openDuckDb } from ${JSON.stringify(moduleUrl)};
      const db = await openDuckDb({ path: ${JSON.stringify(path)} });
      console.log(JSON.stringify((await db.execute('select x from t')).rows));
      await db.close();
    `);
    assert.equal(check.stdout.trim(), '[[5]]', check.stderr);
  });

  it('blocks the crash hook outside tests', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    await assert.rejects(db.crashWorkerForTesting(), /only available to tests/);
    assert.deepEqual(db.executeSync('select 1').rows, [[1]]);
    await db.close();
  });

  it('interrupts statements still running at close() and closes cleanly', () => {
    const child = runChild(`
      import { openDuckDb } from ${JSON.stringify(moduleUrl)};
      const db = await openDuckDb({ path: ':memory:' });
      const running = db.execute('select sum(hash(range)) from range(1000000000)').then(
        () => 'finished', (error) => error.diagnostic?.code + ': ' + error.message.split('\\n')[0]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await db.close();
      console.log(await running);
    `);
    assert.equal(child.signal, null, 'exited by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout.trim(), /^database-error: INTERRUPT Error/);
  });

  it('fails calls after close() clearly', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    await db.close();
    await assert.rejects(db.execute('select 1'), /closed/);
    assert.throws(() => db.executeSync('select 1'), /closed/);
  });
});
