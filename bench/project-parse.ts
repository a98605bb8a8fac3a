// Parse + compile of a generated 10,000-model project with macros and 20,000 tests.
// Prints seconds and peak memory; no assertions (machines are shared and noisy).
// Also prints a disk baseline: the time to create the files the compile wrote (same count,
// sizes and folders) with plain synchronous writes, so the product's own cost can be told
// from the file system's (creating tens of thousands of files is slow on some disks).
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../src/run/logger.js';
import { openSession } from '../src/run/project-session.js';
import { executeInvocation } from '../src/run/execute-invocation.js';
import { machineFactor, REFERENCE_SECONDS } from './duckdb-straight.js';
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
  const disk = await diskBaseline(join(dir, 'target'));
  console.log(
    `disk baseline (${disk.files} files, ${(disk.bytes / 1024 / 1024).toFixed(0)} MB in ${disk.folders} folders, plain sync writes): ${(disk.ms / 1000).toFixed(2)} s (cpu ${(disk.cpu / 1e6).toFixed(2)} s)`,
  );
  console.log(`compile beyond the disk baseline: ${((t2 - t1 - disk.ms) / 1000).toFixed(2)} s; parse + compile beyond it: ${((t2 - t0 - disk.ms) / 1000).toFixed(2)} s`);
  // Measured after the timed part, in its own folder: the yardstick for the machine. It
  // tells a slower day from a slower product; it is no conversion factor (DuckDB's statements and
  // this JavaScript do not slow down alike on a busy host).
  const machine = await machineFactor(join(dir, 'machine'));
  console.log(
    `machine yardstick: the 1,000 tables' SQL straight into DuckDB took ${machine.seconds.toFixed(2)} s here, ${REFERENCE_SECONDS} s on the machine the targets were set on (${machine.factor.toFixed(2)}x)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Times writing the files found under `target` again, into a fresh folder on the same file system. */
async function diskBaseline(target: string): Promise<{ files: number; folders: number; bytes: number; ms: number; cpu: number }> {
  const folders: string[] = [];
  const files: [string, number][] = [];
  const walk = (relative: string): void => {
    folders.push(relative);
    for (const entry of readdirSync(join(target, relative), { withFileTypes: true })) {
      const path = join(relative, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push([path, statSync(join(target, path)).size]);
    }
  };
  walk('');
  const bytes = files.reduce((sum, [, size]) => sum + size, 0);
  const largest = files.reduce((max, [, size]) => Math.max(max, size), 0);
  const content = Buffer.alloc(largest, 120); // 'x'
  const out = await mkdtemp(join(tmpdir(), 'reelhouse-bench-disk-'));
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const folder of folders) mkdirSync(join(out, folder), { recursive: true });
    for (const [path, size] of files) writeFileSync(join(out, path), content.subarray(0, size));
    const cpu = process.cpuUsage(c0);
    return { files: files.length, folders: folders.length, bytes, ms: performance.now() - t0, cpu: cpu.user + cpu.system };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
