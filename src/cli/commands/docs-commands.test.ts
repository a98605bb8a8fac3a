import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyProject, newProject, runCli, writeProjectFile } from '../test-helpers.js';
import { flushLogFiles } from '../log-file.js';
import { docsGenerateCommand, docsServeCommand } from './docs-commands.js';
import { main } from '../main.js';

test('docs generate writes catalog.json beside the manifest, and docs serve answers on 127.0.0.1', async (t) => {
  const dir = await copyProject('examples/quickstart');
  // The commands are called directly, not through the CLI, which writes logs/dbt.log as it
  // ends: its queued lines are written now, not by their timer while the folder is removed.
  t.after(async () => {
    flushLogFiles();
    await rm(dir, { recursive: true, force: true });
  });
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
    url = /http:\/\/localhost:\d+/.exec(lines.join('\n'))?.[0];
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(url, lines.join('\n'));
  // dbt's lines, bare, the port as bound; then the project's dashboards, and the exit hint after three blank lines.
  const port = url.split(':').pop()!;
  assert.deepEqual(lines.slice(lines.indexOf(`Serving docs at ${port}`)), [
    `Serving docs at ${port}`,
    `To access from your browser, navigate to: ${url}`,
    `The project's 1 dashboard is at ${url}/#/dashboards`,
    '\n\n',
    'Press Ctrl+C to exit.',
  ]);
  const tile = await fetch(`${url}/api/web/dashboards/monthly_kpis/tiles/total_revenue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const paid = readFileSync(join(dir, 'seeds', 'payments_raw.csv'), 'utf8').trim().split('\n').slice(1).reduce((s, l) => s + Number(l.split(',')[3]), 0);
  assert.equal(Number(((await tile.json()) as { rows: unknown[][] }).rows[0]![0]), Math.round(paid * 100) / 100);
  stop();
  assert.equal(await serving, 0);
  // As dbt's: docs generate registers the adapter, docs serve (which reads no manifest) does not.
  assert.ok(out.some((l) => l.includes('Registered adapter: duckdb=')), out.join('\n'));
  assert.ok(!lines.some((l) => l.includes('Registered adapter')), lines.join('\n'));
});

test('docs generate --no-compile writes the catalog and a manifest whose nodes are not compiled, as dbt since parsing writes it', async (t) => {
  const dir = await copyProject('examples/quickstart');
  t.after(() => rm(dir, { recursive: true, force: true }));
  const build = await runCli(['build', '--project-dir', dir]);
  assert.equal(build.code, 0, build.err);
  await rm(join(dir, 'target', 'manifest.json'));
  const generated = await runCli(['docs', 'generate', '--no-compile', '--project-dir', dir]);
  assert.equal(generated.code, 0, generated.err);
  assert.ok(existsSync(join(dir, 'target', 'catalog.json')));
  const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
  // dbt leaves a node's compiled members out of the manifest until it is compiled.
  const node = manifest.nodes['model.quickstart.stg_users'];
  assert.deepEqual(['compiled', 'compiled_code', 'extra_ctes'].filter((key) => key in node), []);
});

test("docs generate --select and --exclude limit the catalog; a source column's comment is the warehouse's, not its YAML description", async (t) => {
  const dir = await newProject('orchard');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'seeds/trees.csv', 'tree_id,variety\n1,bramley\n2,cox\n');
  writeProjectFile(dir, 'models/tree_count.sql', "select count(*) as trees from {{ ref('trees') }}\n");
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: picking',
    '    schema: main',
    '    tables:',
    '      - name: baskets',
    '        columns:',
    '          - name: basket_id',
    '            description: Number stamped on the handle',
    '          - name: weight_kg',
    '      - name: trees',
    '',
  ].join('\n'));
  const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(build.code, 0, build.err);
  const made = await runCli(['run-operation', '--project-dir', dir, '--profiles-dir', dir, '--sql',
    "create table main.baskets (basket_id int, weight_kg double, picker text); comment on column main.baskets.basket_id is 'warehouse id'; comment on column main.baskets.weight_kg is 'warehouse weight'; comment on column main.baskets.picker is 'warehouse picker'"]);
  assert.equal(made.code, 0, made.err);
  const generate = async (...args: string[]) => {
    const run = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir, ...args]);
    assert.equal(run.code, 0, run.err);
    const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8'));
    return { nodes: Object.keys(catalog.nodes).sort(), sources: Object.keys(catalog.sources).sort(), catalog };
  };
  const all = await generate();
  assert.deepEqual(all.nodes, ['model.orchard.tree_count', 'seed.orchard.trees']);
  assert.deepEqual(all.sources, ['source.orchard.picking.baskets', 'source.orchard.picking.trees']);
  const columns = all.catalog.sources['source.orchard.picking.baskets'].columns;
  assert.deepEqual([columns.basket_id.comment, columns.weight_kg.comment, columns.picker.comment], ['warehouse id', 'warehouse weight', 'warehouse picker']);
  assert.deepEqual(await generate('--select', 'tree_count').then((c) => [c.nodes, c.sources]), [['model.orchard.tree_count'], []]);
  // The seed and the source share a relation: only the one selected is listed.
  assert.deepEqual(await generate('--select', 'source:orchard.picking.trees').then((c) => [c.nodes, c.sources]), [[], ['source.orchard.picking.trees']]);
  assert.deepEqual(await generate('--exclude', 'source:*').then((c) => [c.nodes, c.sources]), [all.nodes, []]);
  assert.deepEqual(await generate('--select', 'no_such_model').then((c) => [c.nodes, c.sources]), [[], []]);
});

test('docs generate runs the compile task first: stats and concurrency lines, compiled SQL and run_results.json', async (t) => {
  const dir = await newProject('pantry');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/jars.sql', 'select 1 as jar_id\n');
  writeProjectFile(dir, 'models/labels.sql', "select jar_id, 'jam' as label from {{ ref('jars') }}\n");
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: labels\n    columns:\n      - name: jar_id\n        data_tests: [not_null]\n');
  const run = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Found 2 models, 1 test, \d+ macros\n.*\n.*Concurrency: 1 threads \(target='dev'\)/u);
  assert.ok(run.out.indexOf('Concurrency:') < run.out.indexOf('Catalog written to'), run.out);
  assert.equal(readFileSync(join(dir, 'target', 'compiled', 'pantry', 'models', 'labels.sql'), 'utf8').trim(), `select jar_id, 'jam' as label from "pantry"."main"."jars"`);
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
  assert.deepEqual(results.results.map((r: { unique_id: string; status: string }) => [r.unique_id.split('.').slice(0, 3).join('.'), r.status]), [
    ['model.pantry.jars', 'success'],
    ['model.pantry.labels', 'success'],
    ['test.pantry.not_null_labels_jar_id', 'success'],
  ]);
  assert.equal(results.args.which, 'generate');
  assert.equal(results.args.compile, true);
});

test('docs generate --empty-catalog writes an empty catalog when the command runs cancellable, as the CLI runs it', async (t) => {
  const dir = await newProject('herbarium');
  t.after(async () => {
    flushLogFiles();
    await rm(dir, { recursive: true, force: true });
  });
  writeProjectFile(dir, 'models/leaves.sql', 'select 1 as leaf_id\n');
  assert.equal((await runCli(['build', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
  const out: string[] = [];
  const sink = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
  // The CLI hands every command a signal for Ctrl-C, so the warehouse is reached through a cancellable view.
  const code = await main(['docs', 'generate', '--empty-catalog', '--project-dir', dir, '--profiles-dir', dir], { sink, signal: new AbortController().signal });
  assert.equal(code, 0, out.join('\n'));
  const catalog = JSON.parse(readFileSync(join(dir, 'target', 'catalog.json'), 'utf8'));
  assert.deepEqual([catalog.nodes, catalog.sources, catalog.errors], [{}, {}, null]);
});
