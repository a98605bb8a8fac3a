// Parse + compile of a generated 10,000-model project with macros and 20,000 tests.
// Prints seconds and peak memory; no assertions (machines are shared and noisy).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../src/run/logger.js';
import { openSession } from '../src/run/project-session.js';
import { executeInvocation } from '../src/run/execute-invocation.js';
import { writeSyntheticProject } from './generate-project.js';

const models = Number(process.argv[2] ?? 10000);
const dir = await mkdtemp(join(tmpdir(), 'reelhouse-bench-parse-'));
try {
  await writeSyntheticProject(dir, { models, testsPerModel: 2, materialized: 'view', fanIn: 2, dbPath: join(dir, 'bench.duckdb') });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const logger = new Logger({ format: 'text', quiet: true, invocationId: 'bench' });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const session = await openSession({ projectDir: dir, flags: { WHICH: 'compile' }, logger, connect: true });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  await executeInvocation(session, { command: 'compile', fullRefresh: false, failFast: false, storeFailures: false, args: {} });
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  await session.close();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const nodes = Object.keys(session.manifest.nodes).length;
  console.log(`project: ${models} models, ${nodes - models} tests`);
  // CPU seconds (user + system, all threads) beside wall seconds: steadier on a busy machine.
  const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => ((b.user - a.user + b.system - a.system) / 1e6).toFixed(2);
  console.log(`parse (load + render + link): ${((t1 - t0) / 1000).toFixed(2)} s (cpu ${cpu(c0, c1)} s)`);
  console.log(`compile (render all nodes, write target/compiled): ${((t2 - t1) / 1000).toFixed(2)} s (cpu ${cpu(c1, c2)} s)`);
  console.log(`parse + compile total: ${((t2 - t0) / 1000).toFixed(2)} s (cpu ${cpu(c0, c2)} s) (target < 3 s; dbt-core 1.10 measured 85 s parse + 253 s compile)`);
  console.log(`peak RSS: ${(peak / 1024 / 1024).toFixed(0)} MB (target < 1024 MB)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
