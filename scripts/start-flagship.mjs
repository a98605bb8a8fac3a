#!/usr/bin/env node
// `npm start` for the flagship project (examples/streaming). The demo service (its billing and
// ratings exports, event lake, catalog and live-stream APIs, and with STREAMING_PG_URL its
// Postgres database) lives one more day; its APIs are served on loopback from this process; then
// the project's `hourly` pipeline ingests (`reelhouse ingest`, ingest.yml) and builds, the
// platform marts model the run just recorded, the docs are written and the KPI tables printed.
// The first run starts the service with FLAGSHIP_DAYS days (default 106) for FLAGSHIP_SCALE users;
// every later run adds one day and rebuilds incrementally. Pass --no-serve to stop before serving.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const project = join(root, 'examples', 'streaming');
const { advanceDemoService, startDemoServiceApi } = await import(new URL('../examples/streaming/demo-service.mjs', import.meta.url).href);

/** Runs the CLI in the project, with the demo API's address in its environment; exits on failure. */
const cli = async (args, env) => {
  console.log(`\n$ reelhouse ${args.join(' ')}`);
  const child = spawn(process.execPath, [join(root, 'bin', 'reelhouse'), ...args], { cwd: project, stdio: 'inherit', env: { ...process.env, ...env } });
  const code = await new Promise((done) => child.on('close', (c, signal) => done(c ?? (signal ? 1 : 0))));
  if (code !== 0) process.exit(code);
};

const began = Date.now();
const service = await advanceDemoService({ project });
console.log(
  service.first
    ? `First run: ingesting ${service.days} days of the demo service and building everything.`
    : `A new day arrived: ${service.end}. Ingesting it and rebuilding incrementally (only new files, partitions and rows).`,
);
// The real HTTP client of `reelhouse ingest` talks to this server over loopback.
const api = await startDemoServiceApi({ project });
const env = { STREAMING_API_URL: api.url };
console.log(`The demo service's catalog and live-stream APIs listen on ${api.url}.`);
try {
  await cli(['pipeline', 'run', 'hourly'], env);
  // The run history was exported to raw_reelhouse when the run ended: model it.
  await cli(['build', '--select', 'tag:platform'], env);
  await cli(['docs', 'generate'], env);
  await cli(['show', '--select', 'mart_monthly_kpis', '--limit', '24'], env);
  await cli(['show', '--select', 'mart_pipeline_health', '--limit', '5'], env);
  await cli(['show', '--select', 'mart_top_titles', '--limit', '5'], env);
  console.log(`\nDone in ${((Date.now() - began) / 1000).toFixed(1)}s. Run again for the next day, ingested and built incrementally.`);
  // Then serve the dashboards, docs and runs until interrupted; the APIs stay up for the scheduled pipelines.
  if (!process.argv.includes('--no-serve')) await cli(['serve'], env);
} finally {
  await api.close();
}
