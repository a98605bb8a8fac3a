import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Adapter } from '../adapters/adapter.js';
import { openDuckDb } from '../adapters/duckdb/index.js';
import { runScenario, type KillScenario } from './kill-scenarios.js';

const CHILD = new URL('./kill-child.fixture.js', import.meta.url);

/** Starts the child and SIGKILLs it as soon as it reports the open transaction's post-hook. */
function killMidRun(path: string, scenario: KillScenario): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD.pathname, path, scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('in-transaction')) setTimeout(() => child.kill('SIGKILL'), 100);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child was not killed: ${out}${err}`))));
  });
}

async function contents(adapter: Adapter, table: string): Promise<string> {
  const r = await adapter.execute(`select * from main.${table} order by all`);
  return JSON.stringify(r.rows);
}

async function withWarehouse<T>(dir: string, name: string, work: (a: Adapter) => Promise<T>): Promise<T> {
  const adapter = await openDuckDb({ path: join(dir, name) });
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

describe('a run killed mid-transaction', () => {
  for (const [scenario, table] of [
    ['incremental', 'kill_inc'],
    ['snapshot', 'kill_snap'],
  ] as const) {
    it(`${scenario}: SIGKILL leaves the previous table; a rerun matches a clean run`, { timeout: 120_000 }, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'rh-kill-'));
      try {
        const clean = await withWarehouse(dir, 'clean.duckdb', async (a) => {
          assert.equal((await runScenario(a, scenario, 1, false)).status, 'success');
          assert.equal((await runScenario(a, scenario, 2, false)).status, 'success');
          return contents(a, table);
        });
        const before = await withWarehouse(dir, 'killed.duckdb', async (a) => {
          assert.equal((await runScenario(a, scenario, 1, false)).status, 'success');
          return contents(a, table);
        });
        const out = await killMidRun(join(dir, 'killed.duckdb'), scenario);
        assert.ok(!out.includes('finished'));
        await withWarehouse(dir, 'killed.duckdb', async (a) => {
          assert.equal(await contents(a, table), before, 'the killed run changed nothing');
          const leftovers = await a.execute("select table_name from information_schema.tables where table_name like '%__rh_%'");
          assert.deepEqual(leftovers.rows, []);
          const rerun = await runScenario(a, scenario, 2, false);
          assert.equal(rerun.status, 'success', rerun.message);
          assert.equal(await contents(a, table), clean);
        });
        assert.notEqual(clean, before);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
