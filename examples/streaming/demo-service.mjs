// The demo streaming service whose data this project ingests. It is not part of the pipeline:
// it plays the source systems. `advance` makes the service live one more day (or up to a given
// day): `reelhouse generate` output is extended in data/ — billing exports, player-event lake
// partitions, ratings, and the files its APIs serve — and, when STREAMING_PG_URL is set, its
// operational Postgres database is refreshed. `api` serves its catalog and live-stream APIs on
// loopback. Ingestion itself is `reelhouse ingest` (ingest.yml).
//
//   node demo-service.mjs advance [YYYY-MM-DD]   (default: REELHOUSE_RUN_DATE, else the next day)
//   node demo-service.mjs api [port]             (default 8787, until interrupted)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const ingest = () => import(new URL('../../dist/src/ingest/index.js', import.meta.url).href);
const DAY_MS = 86_400_000;

/** The `YYYY-MM-DD` that is `n` days after `day`. */
export function addDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Where the service writes its data: STREAMING_DATA_DIR, else the project's data/ folder. */
export function serviceDataDir(project = here) {
  return resolve(project, process.env.STREAMING_DATA_DIR || 'data');
}

const statePath = (project) => join(project, '.demo-service.json');

/** The service's generation settings and how many days it has lived, or undefined before its first day. */
export function readServiceState(project = here) {
  const path = statePath(project);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

/**
 * Lives one more day, or up to `through` (YYYY-MM-DD). The first call starts the service with
 * FLAGSHIP_SEED, FLAGSHIP_SCALE (users), FLAGSHIP_START and FLAGSHIP_DAYS. The generator is
 * append-stable: a longer horizon keeps every earlier lake partition and CSV row, so what changes
 * is one new day. Returns the settings and whether this was the service's first day.
 */
export async function advanceDemoService({ project = here, through, log = console.log } = {}) {
  const before = readServiceState(project);
  const state = before ?? {
    seed: Number(process.env.FLAGSHIP_SEED ?? 42),
    scale: Number(process.env.FLAGSHIP_SCALE ?? 2000),
    start: process.env.FLAGSHIP_START ?? '2024-01-01',
    days: Number(process.env.FLAGSHIP_DAYS ?? 106) - 1,
  };
  const days = through ? Math.round((Date.parse(`${through}T00:00:00Z`) - Date.parse(`${state.start}T00:00:00Z`)) / DAY_MS) + 1 : state.days + 1;
  if (!(days >= 1)) throw new Error(`${through} is before the service's first day ${state.start}.`);
  const out = serviceDataDir(project);
  const { generateDemoData, seedDemoPostgres } = await ingest();
  const s = await generateDemoData({ out, seed: state.seed, scale: state.scale, start: state.start, days });
  log(
    before
      ? `The demo service lived through ${s.end} (${s.events} player events so far, generated in ${(s.elapsedMs / 1000).toFixed(1)}s).`
      : `The demo service started: ${s.days} days (${s.start} to ${s.end}) for ${s.users} users, ${s.events} player events, generated in ${(s.elapsedMs / 1000).toFixed(1)}s.`,
  );
  if (process.env.STREAMING_PG_URL) {
    const seeded = await seedDemoPostgres(process.env.STREAMING_PG_URL, out);
    log(`Its Postgres database holds ${Object.entries(seeded.tables).map(([t, n]) => `${n} ${t}`).join(', ')}.`);
  }
  const next = { ...state, days, end: s.end };
  writeFileSync(statePath(project), `${JSON.stringify(next, null, 2)}\n`);
  return { ...next, first: before === undefined };
}

/** Serves the service's catalog and Helix-shaped live-stream APIs on loopback from its data folder. */
export async function startDemoServiceApi({ project = here, port = 0 } = {}) {
  const { startDemoApiServer } = await ingest();
  return startDemoApiServer({ dataDir: serviceDataDir(project), port });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, arg] = process.argv.slice(2);
  if (command === 'advance') {
    await advanceDemoService({ through: arg || process.env.REELHOUSE_RUN_DATE || undefined });
  } else if (command === 'api') {
    const api = await startDemoServiceApi({ port: Number(arg ?? 8787) });
    console.log(`The demo service's API listens on ${api.url} (catalog and live streams); Ctrl-C stops it.`);
    process.on('SIGINT', () => api.close().then(() => process.exit(0)));
    process.on('SIGTERM', () => api.close().then(() => process.exit(0)));
  } else {
    console.error('usage: node demo-service.mjs advance [YYYY-MM-DD] | api [port]');
    process.exit(2);
  }
}
