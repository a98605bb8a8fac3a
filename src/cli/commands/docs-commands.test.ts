import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyProject, runCli } from '../test-helpers.js';
import { docsGenerateCommand, docsServeCommand } from './docs-commands.js';

test('docs generate writes catalog.json beside the manifest, and docs serve answers on 127.0.0.1', async (t) => {
  const dir = await copyProject('examples/quickstart');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const build = await runCli(['build', '--project-dir', dir]);
  assert.equal(build.code, 0, build.err);

  const out: string[] = [];
  const sink = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
  assert.equal(await docsGenerateCommand({ projectDir: dir }, { sink }), 0, out.join('\n'));
  const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8'));
  assert.equal(catalog.metadata.dbt_schema_version, 'https://schemas.getdbt.com/dbt/catalog/v1.json');
  const users = catalog.nodes['seed.quickstart.users_raw'];
  const csvRows = readFileSync(join(dir, 'seeds', 'users_raw.csv'), 'utf8').trim().split('\n').length - 1;
  assert.equal(users.stats.row_count.value, csvRows);
  assert.deepEqual(Object.keys(users.columns), ['user_id', 'country', 'signup_date', 'plan_type']);
  assert.equal(catalog.nodes['model.quickstart.stg_users'].metadata.type, 'VIEW');
  assert.equal(catalog.nodes['model.quickstart.mart_monthly_kpis'].metadata.type, 'BASE TABLE');
  const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
  assert.equal(manifest.exposures['exposure.quickstart.monthly_kpis'].type, 'dashboard');
  assert.ok(manifest.nodes['model.quickstart.mart_monthly_kpis'].compiled_code.includes('"quickstart"."analytics"'));

  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  const lines: string[] = [];
  const serving = docsServeCommand({ projectDir: dir, port: '0' }, { sink: { out: (l) => lines.push(l), err: (l) => lines.push(l) } }, until);
  let url: string | undefined;
  for (let i = 0; i < 100 && !url; i++) {
    url = /http:\/\/127\.0\.0\.1:\d+/.exec(lines.join('\n'))?.[0];
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(url, lines.join('\n'));
  const tile = await fetch(`${url}/api/web/dashboards/monthly_kpis/tiles/total_revenue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const paid = readFileSync(join(dir, 'seeds', 'payments_raw.csv'), 'utf8').trim().split('\n').slice(1).reduce((s, l) => s + Number(l.split(',')[3]), 0);
  assert.equal(Number(((await tile.json()) as { rows: unknown[][] }).rows[0]![0]), Math.round(paid * 100) / 100);
  stop();
  assert.equal(await serving, 0);
});

test('docs generate --no-compile writes the catalog and leaves manifest.json unwritten, as dbt does', async (t) => {
  const dir = await copyProject('examples/quickstart');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const build = await runCli(['build', '--project-dir', dir]);
  assert.equal(build.code, 0, build.err);
  await rm(join(dir, 'target', 'manifest.json'));
  const generated = await runCli(['docs', 'generate', '--no-compile', '--project-dir', dir]);
  assert.equal(generated.code, 0, generated.err);
  assert.ok(existsSync(join(dir, 'target', 'catalog.json')));
  assert.equal(existsSync(join(dir, 'target', 'manifest.json')), false);
});
