// End to end: manifest.json lists, on a node compiled with its ephemeral models as CTEs, each
// injected CTE as dbt's extra_ctes ({id, sql}), and says extra_ctes_injected only once compile
// injected them; a unit test's definition carries the schema of the model it tests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface NodeJson {
  schema: string | null;
  compiled_code: string | null;
  extra_ctes: { id: string; sql: string | null }[];
  extra_ctes_injected: boolean;
}
interface ManifestJson {
  nodes: Record<string, NodeJson>;
  unit_tests: Record<string, { schema: string | null }>;
}

let dir = '';
const manifest = (): ManifestJson => readArtifact<ManifestJson>(dir, 'manifest.json');
const validate = loadSchemaValidator('manifest/v12.json');

before(async () => {
  dir = await newProject('cellar');
  writeProjectFile(dir, 'models/raw_casks.sql', "{{ config(materialized='ephemeral') }}\nselect 'oak' as wood, 40 as litres\n");
  writeProjectFile(dir, 'models/filled_casks.sql', "{{ config(materialized='ephemeral') }}\nselect wood, litres * 3 as bottles from {{ ref('raw_casks') }}\n");
  writeProjectFile(dir, 'models/bottling.sql', "select wood, bottles from {{ ref('filled_casks') }}\n");
  writeProjectFile(dir, 'models/vintages.sql', "{{ config(schema='ledger') }}\nselect 2019 as vintage\n");
  writeProjectFile(dir, 'models/vintages.yml', [
    'unit_tests:',
    '  - name: vintage_passes_through',
    '    model: vintages',
    '    given: []',
    '    expect:',
    '      rows:',
    '        - {vintage: 2019}',
    '',
  ].join('\n'));
});
after(async () => rm(dir, { recursive: true, force: true }));

test('compile lists the injected ephemeral CTEs as extra_ctes, nested ones first, with the SQL dbt prepends', async () => {
  const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--select', 'bottling']);
  assert.equal(run.code, 0, run.out + run.err);
  const m = manifest();
  const node = m.nodes['model.cellar.bottling']!;
  assert.equal(node.extra_ctes_injected, true);
  assert.deepEqual(node.extra_ctes.map((c) => c.id), ['model.cellar.raw_casks', 'model.cellar.filled_casks']);
  const [raw, filled] = node.extra_ctes;
  // dbt's text: " <prefixed name> as (\n<the ephemeral's own SQL, without its CTEs>\n)".
  assert.match(raw!.sql ?? '', /^ __dbt__cte__raw_casks as \(\n[\s\S]*select 'oak' as wood, 40 as litres[\s\S]*\n\)$/);
  assert.match(filled!.sql ?? '', /^ __dbt__cte__filled_casks as \(\n[\s\S]*from __dbt__cte__raw_casks[\s\S]*\n\)$/);
  assert.doesNotMatch(filled!.sql ?? '', /with/);
  for (const cte of node.extra_ctes) assert.ok(cte.sql !== null && node.compiled_code!.includes(cte.sql), `compiled code holds ${cte.id}`);
  const result = validate(m);
  assert.ok(result.valid, result.errors);
});

test('parse writes no compiled members (dbt drops them from a node not compiled); --no-inject-ephemeral-ctes leaves extra_ctes_injected false, listing the refs with no SQL', async () => {
  const parsed = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parsed.code, 0, parsed.out + parsed.err);
  const afterParse = manifest().nodes['model.cellar.bottling']!;
  assert.equal('extra_ctes_injected' in afterParse, false);
  assert.equal('extra_ctes' in afterParse, false);

  const bare = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--select', 'bottling', 'vintages', '--no-inject-ephemeral-ctes']);
  assert.equal(bare.code, 0, bare.out + bare.err);
  const m = manifest();
  const node = m.nodes['model.cellar.bottling']!;
  assert.match(node.compiled_code!, /from __dbt__cte__filled_casks/);
  assert.equal(node.extra_ctes_injected, false);
  // dbt's ref() notes each ephemeral it resolves as a CTE with no SQL (None), and nothing fills
  // it in when injection is off; nested ephemerals are not compiled, so only the direct ref shows.
  assert.deepEqual(node.extra_ctes, [{ id: 'model.cellar.filled_casks', sql: null }]);
  // A node with no ephemeral refs is not marked injected either: dbt returns before marking it.
  assert.equal(m.nodes['model.cellar.vintages']!.extra_ctes_injected, false);
  assert.deepEqual(m.nodes['model.cellar.vintages']!.extra_ctes, []);
});

test("a unit test's manifest entry carries the schema of the model it tests", async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const m = manifest();
  const modelSchema = m.nodes['model.cellar.vintages']!.schema;
  assert.match(modelSchema ?? '', /ledger/);
  assert.equal(m.unit_tests['unit_test.cellar.vintages.vintage_passes_through']!.schema, modelSchema);
});
