/**
 * Benchmark of the file loader on a generated lake: a first load of every partition, then a
 * second run that finds everything already loaded (checksums only).
 * Usage: node dist/bench/ingest-load.js [events=5000000] [days=30]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../src/adapters/duckdb/index.js';
import { generateDemoData, runIngest, type IngestConfig } from '../src/ingest/index.js';

const events = Number(process.argv[2] ?? 5_000_000);
const days = Number(process.argv[3] ?? 30);
const dir = await mkdtemp(join(tmpdir(), 'reelhouse-bench-load-'));
try {
  const data = join(dir, 'data');
  const generated = await generateDemoData({ out: data, seed: 1, scale: Math.max(1_000, Math.round(events / days / 8)), start: '2024-01-01', days, events });
  const db = await openDuckDb({ path: join(dir, 'warehouse.duckdb') });
  const config: IngestConfig = {
    projectDir: dir, file: undefined, database: undefined, dataDir: data, env: {},
    sources: [
      {
        type: 'files', name: 'events', location: { file: 'ingest.yml' }, schema: 'raw', path: join(data, 'lake', 'events', '**', '*.parquet'),
        format: 'parquet', table: 'events', hivePartitioning: true, onBadRows: 'fail', metadataColumns: true, csvOptions: {},
      },
      {
        type: 'files', name: 'billing', location: { file: 'ingest.yml' }, schema: 'raw', path: join(data, '*.csv'),
        format: 'csv', table: '{stem}_raw', hivePartitioning: false, onBadRows: 'fail', metadataColumns: true, csvOptions: {},
      },
    ],
  };
  try {
    let began = Date.now();
    const first = await runIngest(config, db);
    const firstMs = Date.now() - began;
    began = Date.now();
    const second = await runIngest(config, db);
    const secondMs = Date.now() - began;
    const rows = first.reduce((sum, s) => sum + s.rowsLoaded, 0);
    console.log(`load: ${generated.events.toLocaleString('en-US')} events in ${days} partitions + billing CSVs`);
    console.log(`  first run:   ${(firstMs / 1000).toFixed(2)} s, ${rows.toLocaleString('en-US')} rows -> ${(rows / (firstMs / 1000) / 1e6).toFixed(2)} M rows/s (${first.map((s) => `${s.name}: ${s.filesLoaded} files`).join(', ')})`);
    console.log(`  second run:  ${(secondMs / 1000).toFixed(2)} s, ${second.reduce((sum, s) => sum + s.filesSkipped, 0)} files skipped, ${second.reduce((sum, s) => sum + s.rowsLoaded, 0)} rows loaded`);
    console.log(`  peak RSS:    ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await db.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
