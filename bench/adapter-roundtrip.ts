/**
 * Per-call cost of the DuckDB adapter for a tiny query (`select 1`): executeSync and execute
 * through the worker thread, against the same query run with @duckdb/node-api on this thread.
 * Run: node dist/bench/adapter-roundtrip.js [iterations]
 */
import { DuckDBInstance, DuckDBMaterializedResult } from '@duckdb/node-api';
import { openDuckDb } from '../src/adapters/duckdb/index.js';

const iterations = Number(process.argv[2] ?? 5000);
const warmup = Math.min(500, iterations);

async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await run();
  return (performance.now() - start) / iterations;
}

function timeSync(run: () => unknown): number {
  for (let i = 0; i < warmup; i++) run();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return (performance.now() - start) / iterations;
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const raw = await timeAsync(async () => {
  const result = await connection.run('select 1');
  if (result instanceof DuckDBMaterializedResult) for (let i = 0; i < result.chunkCount; i++) result.getChunk(i).getRows();
});
connection.disconnectSync();
instance.closeSync();

const adapter = await openDuckDb({ path: ':memory:' });
const sync = timeSync(() => adapter.executeSync('select 1'));
const async = await timeAsync(() => adapter.execute('select 1'));
const parallel = await (async () => {
  const batch = 4;
  const start = performance.now();
  for (let i = 0; i < iterations / batch; i++) await Promise.all(Array.from({ length: batch }, () => adapter.execute('select 1')));
  return (performance.now() - start) / iterations;
})();
await adapter.close();

const ms = (value: number): string => `${value.toFixed(3)} ms`;
console.log(`select 1, ${iterations} calls each`);
console.log(`  raw @duckdb/node-api (this thread): ${ms(raw)} per call`);
console.log(`  adapter.executeSync:                ${ms(sync)} per call  (x${(sync / raw).toFixed(2)}, overhead ${ms(sync - raw)})`);
console.log(`  adapter.execute:                    ${ms(async)} per call  (x${(async / raw).toFixed(2)}, overhead ${ms(async - raw)})`);
console.log(`  adapter.execute, 4 in flight:       ${ms(parallel)} per call`);
