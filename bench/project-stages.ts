// Parse + compile of a generated project, timed stage by stage (load, render parse, link,
// graph, select, compile, compiled files, run results, manifest), to see where the time goes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { Graph, linkManifest, selectNodes } from '../src/graph/index.js';
import { createRenderer } from '../src/project/context/index.js';
import { loadProject } from '../src/project/load/index.js';
import type { CompiledNode } from '../src/project/types.js';
import { SqlFileWriter, writeCompiledSql, writeManifest, writeRunResults, type RunResultEntry } from '../src/run/artifacts/index.js';
import { writeSyntheticProject } from './generate-project.js';

const models = Number(process.argv[2] ?? 10000);
const only = process.argv[3];
const dir = await mkdtemp(join(tmpdir(), 'reelhouse-bench-stages-'));
const stages: { name: string; start: number; ms: number; cpu: number }[] = [];
// The main thread's garbage-collection pauses, later summed per stage by when they started:
// allocation is much of what a stage costs, and it shows here, not in the stage's functions.
const gcPauses: { start: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, ms: entry.duration });
}).observe({ entryTypes: ['gc'] });
async function stage<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await fn();
  const cpu = process.cpuUsage(c0);
  stages.push({ name, start: t0, ms: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 });
  return out;
}
try {
  await writeSyntheticProject(dir, { models, testsPerModel: 2, materialized: 'view', fanIn: 2, dbPath: join(dir, 'bench.duckdb') });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const loaded = await stage('load', () => loadProject({ projectDir: dir, vars: {}, env: process.env }));
  const renderer = await stage('createRenderer', () =>
    createRenderer(loaded, { flags: { WHICH: 'compile' }, invocationId: 'bench', runStartedAt: new Date() }),
  );
  const parsed = await stage('renderer.parse', () => renderer.parse(loaded.manifest));
  const manifest = await stage('linkManifest', () => linkManifest(parsed));
  const graph = await stage('Graph', () => new Graph(manifest));
  const selection = await stage('selectNodes', () =>
    selectNodes(manifest, graph, { resourceTypes: ['model', 'test', 'analysis', 'snapshot', 'unit_test'] }),
  );
  const targetDir = join(dir, 'target');
  if (only !== 'parse') {
    const nodes = selection.selected.map((id) => manifest.nodes[id]).filter((n): n is CompiledNode => n !== undefined);
    await stage('compile', () => {
      for (const n of nodes) n.compiled_code = renderer.compile(n, manifest);
    });
    // As an invocation does: files go to a background writer, flushed at the end.
    await stage('write compiled', async () => {
      const files = new SqlFileWriter();
      for (const n of nodes) await writeCompiledSql(n, targetDir, files);
      await files.flush();
    });
    // An invocation writes run_results.json (one result per node, with its compiled code), then
    // manifest.json once, with the compiled code and paths.
    await stage('writeRunResults', () => {
      const now = new Date().toISOString();
      const results: RunResultEntry[] = nodes.map((n) => ({
        unique_id: n.unique_id,
        status: 'success',
        message: null,
        failures: null,
        timing: [{ name: 'compile', started_at: now, completed_at: now }],
        thread_id: 'Thread-1 (worker)',
        execution_time: 0.001,
        adapter_response: {},
        compiled: true,
        compiled_code: n.compiled_code ?? null,
        relation_name: n.relation_name,
      }));
      return writeRunResults({ results, elapsedSeconds: 1, invocationId: 'bench', generatedAt: new Date(), args: {} }, targetDir);
    });
    await stage('writeManifest', () => writeManifest(manifest, targetDir));
  }
  const total = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  // CPU time (all threads of the process) is steadier than wall time on a busy machine.
  // Observer entries arrive on a later tick: let the last ones land.
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const { name, start, ms, cpu } of stages) {
    const gc = gcPauses.filter((p) => p.start >= start && p.start < start + ms).reduce((sum, p) => sum + p.ms, 0);
    console.log(`${name.padEnd(16)} ${(ms / 1000).toFixed(2)} s  (cpu ${(cpu / 1000).toFixed(2)} s, gc pauses ${(gc / 1000).toFixed(2)} s)`);
  }
  console.log(`${'total'.padEnd(16)} ${(total / 1000).toFixed(2)} s; peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
