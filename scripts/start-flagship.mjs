#!/usr/bin/env node
// `npm start` for the flagship project (examples/streaming): generate the demo service's data
// once, land it day by day, build, write the docs artifacts and print the KPI tables.
// The first run lands everything but the last HOLD_BACK days of the generated horizon; every
// later run lands one more day and rebuilds incrementally.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const project = join(root, 'examples', 'streaming');
const generated = join(project, '.generated');
const statePath = join(project, '.flagship-state.json');
const SCALE = Number(process.env.FLAGSHIP_SCALE ?? 2000);
const DAYS = Number(process.env.FLAGSHIP_DAYS ?? 120);
const START = '2024-01-01';
const HOLD_BACK = 14;

const cli = (args) => {
  console.log(`\n$ reelhouse ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'reelhouse'), ...args], { cwd: project, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const began = Date.now();
const { landDemoData, addDays } = await import(new URL('../examples/streaming/land-data.mjs', import.meta.url).href);
let state = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : undefined;
if (!state || !existsSync(generated)) {
  const { generateDemoData } = await import(new URL('../dist/src/ingest/index.js', import.meta.url).href);
  console.log(`Generating ${DAYS} days of demo data for ${SCALE} users...`);
  const s = await generateDemoData({ out: generated, seed: 42, scale: SCALE, start: START, days: DAYS });
  console.log(`  ${s.users} users, ${s.subscriptions} subscriptions, ${s.payments} payments, ${s.events} player events in ${(s.elapsedMs / 1000).toFixed(1)}s`);
  state = { end: s.end, landed: null };
}
const through = state.landed ? addDays(state.landed, 1) : addDays(state.end, -HOLD_BACK);
if (through > state.end) {
  console.log(`Every generated day up to ${state.end} has landed; delete examples/streaming/.generated to start over.`);
} else {
  const landed = await landDemoData({ generated, dataDir: join(project, 'data'), through });
  console.log(
    state.landed
      ? `A new day arrived: ${through} (${landed.partitions.length} lake partition, ${landed.streamFiles.length} stream snapshots). Rebuilding incrementally.`
      : `Landed the data up to ${through} (${landed.partitions.length} lake partitions, ${landed.streamFiles.length} stream snapshots). Building everything.`,
  );
  state.landed = through;
  writeFileSync(statePath, JSON.stringify(state, null, 2));
}
cli(['build']);
cli(['docs', 'generate']);
cli(['show', '--select', 'mart_monthly_kpis', '--limit', '24']);
cli(['show', '--select', 'mart_pipeline_health', '--limit', '5']);
cli(['show', '--select', 'mart_top_titles', '--limit', '5']);
console.log(`\nBuilt in ${((Date.now() - began) / 1000).toFixed(1)}s. Run again to land the next day incrementally.`);
// Then serve the dashboards, docs and runs until interrupted (pass --no-serve to stop here).
if (!process.argv.includes('--no-serve')) cli(['serve']);
