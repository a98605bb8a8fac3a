// End to end: unrendered_config holds dbt_project.yml's configs as written, as dbt's does, so a
// config that renders differently per target or environment (a schema chosen by target.name, an
// env_var() in meta) is no change to state:modified between a prod manifest and a dev one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listLines, newProject, runCli, writeProjectFile } from '../../cli/test-helpers.js';

const SCHEMA = "{{ 'ledger_prod' if target.name == 'prod' else 'ledger_dev' }}";
const OWNER = "{{ env_var('LEDGER_OWNER_UNSET_HERE', 'nobody') }}";

let dir = '';

before(async () => {
  dir = await newProject('tally', [
    'models:',
    '  tally:',
    `    +schema: "${SCHEMA}"`,
    `    +meta: {owner: "${OWNER}"}`,
    'sources:',
    '  tally:',
    `    +meta: {owner: "${OWNER}"}`,
    '',
  ].join('\n'));
  // A prod output beside dev, in the same file.
  writeProjectFile(dir, 'profiles.yml', 'tally:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: tally.duckdb\n    prod:\n      type: duckdb\n      path: tally.duckdb\n');
  writeProjectFile(dir, 'models/balances.sql', 'select 1 as account_id\n');
  writeProjectFile(dir, 'models/sources.yml', 'sources:\n  - name: bank\n    tables:\n      - name: statements\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test("unrendered_config keeps dbt_project.yml's configs as written", async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--target', 'prod', '--target-path', 'prod-target']);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const m = JSON.parse(readFileSync(join(dir, 'prod-target', 'manifest.json'), 'utf8')) as Record<string, Record<string, { schema?: string; unrendered_config: Record<string, unknown> }>>;
  const balances = m['nodes']!['model.tally.balances']!;
  assert.equal(balances.schema, 'main_ledger_prod');
  assert.deepEqual(balances.unrendered_config, { schema: SCHEMA, meta: { owner: OWNER } });
  assert.deepEqual(m['sources']!['source.tally.bank.statements']!.unrendered_config, { meta: { owner: OWNER }, loaded_at_field: null, loaded_at_query: null, tags: [] });
});

test('a config that renders per target is no state:modified change', async () => {
  const lines = await listLines(dir, '-s', 'state:modified', '--state', join(dir, 'prod-target'));
  assert.deepEqual(lines.filter((l) => l.startsWith('tally.')), []);
  // A source's meta read through env_var() renders differently, but its config as written is the same.
  process.env['LEDGER_OWNER_UNSET_HERE'] = 'someone';
  try {
    assert.deepEqual(await listLines(dir, '-s', 'state:modified', '--state', join(dir, 'prod-target'), '--resource-type', 'source'), []);
  } finally {
    delete process.env['LEDGER_OWNER_UNSET_HERE'];
  }
  // Editing the config as written is a change.
  writeProjectFile(dir, 'dbt_project.yml', `name: tally\nversion: '1.0.0'\nprofile: tally\nmodels:\n  tally:\n    +schema: ledger\n    +meta: {owner: "${OWNER}"}\n`);
  const changed = await listLines(dir, '-s', 'state:modified', '--state', join(dir, 'prod-target'));
  assert.ok(changed.includes('tally.balances'), changed.join('\n'));
});
