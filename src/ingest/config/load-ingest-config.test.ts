import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isReelhouseError } from '../../core/diagnostic.js';
import { createProgressRenderer } from '../progress-bar.js';
import { loadIngestConfig } from './load-ingest-config.js';
import { interpolate, readEnvFile } from './env-file.js';

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'reelhouse-ingest-config-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function projectWith(yml: string, env?: string): Promise<string> {
  const dir = join(root, `p${++n}`);
  await mkdir(dir);
  await writeFile(join(dir, 'ingest.yml'), yml);
  if (env !== undefined) await writeFile(join(dir, '.env'), env);
  return dir;
}

test('a project without ingest.yml has no sources and takes DB_PATH and DATA_DIR from .env', async () => {
  const dir = join(root, 'bare');
  await mkdir(dir);
  await writeFile(join(dir, '.env'), '# settings\nDB_PATH=your_database.duckdb\nexport DATA_DIR="./csv"\n');
  const config = loadIngestConfig(dir, {});
  assert.deepEqual(config.sources, []);
  assert.equal(config.database, join(dir, 'your_database.duckdb'), 'a relative warehouse path is the project folder\'s');
  assert.equal(config.dataDir, join(dir, 'csv'));
  // The process environment wins over the file.
  assert.equal(loadIngestConfig(dir, { DB_PATH: 'prod.duckdb' }).database, join(dir, 'prod.duckdb'));
});

test('sources are typed, paths resolved, presets filled in, and secrets read from the environment', async () => {
  const dir = await projectWith(`data_dir: \${DATA_DIR:-data}
sources:
  billing:
    type: files
    path: "{{ env_var('DATA_DIR', 'data') }}/*.csv"
    table: "{stem}_raw"
    on_bad_rows: reject
    csv: { delim: ";" }
  twitch_streams:
    preset: helix_streams
  app_db:
    type: postgres
    connection: \${PG_URL}
    tables: [public.users, { query: "select 1 as x", table: one }]
`, 'CLIENT_ID=abc\nCLIENT_SECRET=s3cret\nPG_URL=postgres://u@localhost/app\n');
  const config = loadIngestConfig(dir, {});
  const [files, rest, pg] = config.sources;
  assert.equal(files?.type, 'files');
  if (files?.type === 'files') {
    assert.equal(files.path, join(dir, 'data', '*.csv'));
    assert.equal(files.onBadRows, 'reject');
    assert.deepEqual(files.csvOptions, { delim: ';' });
  }
  assert.equal(rest?.type, 'rest');
  if (rest?.type === 'rest') {
    assert.equal(rest.endpoint, '/streams');
    assert.equal(rest.output, join(dir, 'data', 'twitch_streams'));
    assert.equal(rest.auth.type === 'client_credentials' && rest.auth.clientSecret, 's3cret');
    assert.equal(rest.columns.length, 14);
  }
  assert.equal(pg?.type, 'postgres');
  if (pg?.type === 'postgres') assert.deepEqual(pg.tables.map((t) => [t.table, t.source, t.query]), [['users', 'public.users', undefined], ['one', undefined, 'select 1 as x']]);
});

test('mistakes point at the line of ingest.yml', async () => {
  const missing = await projectWith('sources:\n  api:\n    type: rest\n    base_url: ${API_URL}\n');
  assert.throws(() => loadIngestConfig(missing, {}), (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'env-var-missing' && e.diagnostic.location?.line === 4);
  const unknown = await projectWith('sources:\n  billing:\n    type: files\n    path: a.csv\n    tabel: x\n');
  assert.throws(() => loadIngestConfig(unknown, {}), (e: unknown) => isReelhouseError(e) && /unknown setting 'tabel'/.test(e.message) && e.diagnostic.location?.line === 5);
  const badType = await projectWith('sources:\n  billing:\n    type: ftp\n');
  assert.throws(() => loadIngestConfig(badType, {}), (e: unknown) => isReelhouseError(e) && e.diagnostic.location?.line === 3);
  const badYaml = await projectWith('sources:\n  - [\n');
  assert.throws(() => loadIngestConfig(badYaml, {}), (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'yaml-invalid');
});

test('env helpers: quotes, comments, defaults', async () => {
  const file = join(root, 'x.env');
  await writeFile(file, "A='single # not a comment'\nB=plain # comment\nC=\"multi\\nline\"\n");
  assert.deepEqual(readEnvFile(file), { A: 'single # not a comment', B: 'plain', C: 'multi\nline' });
  assert.deepEqual(interpolate('${X:-d}/${Y}', { Y: 'y' }), { value: 'd/y' });
  assert.deepEqual(interpolate('${X}', {}), { missing: 'X' });
});

test('the progress bar draws only on a terminal', () => {
  const written: string[] = [];
  const tty = createProgressRenderer({ isTTY: true, columns: 80, write: (t) => written.push(t) }, 0);
  tty.update({ step: 'events 2024-01-01', done: 1, total: 4 });
  tty.finish();
  assert.match(written[0] ?? '', /\[#+\.+\]  25% events 2024-01-01/);
  const piped: string[] = [];
  const quiet = createProgressRenderer({ isTTY: false, write: (t) => piped.push(t) }, 0);
  quiet.update({ step: 'x', done: 1, total: 2 });
  assert.deepEqual(piped, []);
});

test('an opt-in source (`enabled: ${VAR:+true}`) is left out of a run that names no source until its variable is set', async () => {
  const { runIngest } = await import('../run-ingest.js');
  const { openDuckDb } = await import('../../adapters/duckdb/index.js');
  const dir = await projectWith(
    'sources:\n  exports:\n    type: files\n    path: in/*.csv\n  app_db:\n    type: postgres\n    enabled: ${APP_PG_URL:+true}\n    connection: ${APP_PG_URL:-}\n    tables: [public.users]\n',
  );
  await mkdir(join(dir, 'in'));
  await writeFile(join(dir, 'in', 'users.csv'), 'id,name\n1,ada\n');
  assert.deepEqual(interpolate('${A:+on}|${B:+on}', { A: 'x', B: '' }), { value: 'on|' });
  const off = loadIngestConfig(dir, {});
  assert.deepEqual(off.sources.map((s) => [s.name, s.enabled !== false]), [['exports', true], ['app_db', false]]);
  const on = loadIngestConfig(dir, { APP_PG_URL: 'postgres://127.0.0.1:1/x' });
  assert.equal(on.sources.find((s) => s.name === 'app_db')?.enabled, undefined);
  const db = await openDuckDb({ path: ':memory:' });
  try {
    const ran = await runIngest(off, db);
    assert.deepEqual(ran.map((s) => [s.name, s.status, s.rowsLoaded]), [['exports', 'success', 1]]);
    // Named, a disabled source runs (and here fails to connect: nothing listens on port 1).
    const named = await runIngest(off, db, ['app_db']);
    assert.deepEqual(named.map((s) => [s.name, s.status]), [['app_db', 'error']]);
  } finally {
    await db.close();
  }
});
