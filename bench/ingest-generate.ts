/**
 * Benchmark of `reelhouse generate`'s event lake: events written per second, wall time and peak
 * memory. Usage: node dist/bench/ingest-generate.js [events=20000000] [days=30] [threads=2]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from '../src/ingest/index.js';

const events = Number(process.argv[2] ?? 20_000_000);
const days = Number(process.argv[3] ?? 30);
const threads = Number(process.argv[4] ?? 2);
const out = await mkdtemp(join(tmpdir(), 'reelhouse-bench-generate-'));
const scale = Math.max(1_000, Math.round(events / days / 8));
const cpuBefore = process.cpuUsage();
try {
  const summary = await generateDemoData({ out, seed: 42, scale, start: '2024-01-01', days, events, threads });
  const cpu = process.cpuUsage(cpuBefore);
  const lakeBytes = summary.files.filter((f) => f.path.startsWith('lake/')).reduce((sum, f) => sum + f.bytes, 0);
  const lakeSeconds = summary.lakeElapsedMs / 1000;
  const totalSeconds = summary.elapsedMs / 1000;
  const rate = summary.events / lakeSeconds;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`generate: ${summary.events.toLocaleString('en-US')} events, ${summary.sessions.toLocaleString('en-US')} sessions, ${scale.toLocaleString('en-US')} users, ${days} days, ${threads} thread(s)`);
  console.log(`  lake:        ${lakeSeconds.toFixed(2)} s  -> ${(rate / 1e6).toFixed(2)} M events/s  (${(lakeBytes / 1e6).toFixed(0)} MB Parquet)`);
  console.log(`  everything:  ${totalSeconds.toFixed(2)} s  -> ${(summary.events / totalSeconds / 1e6).toFixed(2)} M events/s end to end`);
  console.log(`  cpu:         ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s user+sys (${((cpu.user + cpu.system) / 1e6 / totalSeconds).toFixed(2)} cores busy on average)`);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`  per core:    ${(summary.events / cpuSeconds / 1e6).toFixed(2)} M events per CPU-second end to end (${threads} idle cores would give ~${((summary.events / cpuSeconds) * threads / 1e6).toFixed(2)} M/s; load average now ${loadavg()[0]?.toFixed(1)})`);
  console.log(`  peak RSS:    ${peakMb.toFixed(0)} MB`);
  console.log(`  100M events: ~${(100e6 / rate).toFixed(0)} s for the lake at this rate (target < 60 s)`);
} finally {
  await rm(out, { recursive: true, force: true });
}
