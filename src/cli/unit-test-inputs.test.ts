// End to end: unit test inputs as dbt reads them. An input that names a seed and gives no rows
// takes the seed's rows (a seed that does not exist is dbt's "Unable to find seed" parse error), and an
// ephemeral model given as an input (with format: sql, as dbt requires) is replaced by its rows
// although it is inlined as a CTE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  failures: number | null;
  message: string | null;
}

describe('unit test inputs from seeds', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('bakery');
    writeProjectFile(dir, 'seeds/loaf_prices.csv', 'loaf_id,price\n1,4\n2,6\n3,9\n');
    writeProjectFile(dir, 'models/loaf_sales.sql', 'select 2 as loaf_id, 5 as sold\n');
    writeProjectFile(dir, 'models/revenue.sql', "select p.loaf_id, p.price * s.sold as revenue\nfrom {{ ref('loaf_prices') }} p join {{ ref('loaf_sales') }} s on p.loaf_id = s.loaf_id\n");
    writeProjectFile(dir, 'models/loaf_names.sql', "{{ config(materialized='ephemeral') }}\nselect 1 as loaf_id, 'rye' as loaf_name\n");
    writeProjectFile(dir, 'models/shouted_names.sql', "select loaf_id, upper(loaf_name) as shouted from {{ ref('loaf_names') }}\n");
    writeProjectFile(dir, 'models/unit.yml', `unit_tests:
  - name: shouts_given_names
    model: shouted_names
    given:
      - input: ref('loaf_names')
        format: sql
        rows: select 8 as loaf_id, 'spelt' as loaf_name
    expect:
      rows:
        - {loaf_id: 8, shouted: SPELT}
  - name: shouts_dict_names
    model: shouted_names
    given:
      - input: ref('loaf_names')
        rows:
          - {loaf_id: 8, loaf_name: spelt}
    expect:
      rows:
        - {loaf_id: 8, shouted: SPELT}
  - name: revenue_from_seed_prices
    model: revenue
    given:
      - input: ref('loaf_prices')
      - input: ref('loaf_sales')
        rows:
          - {loaf_id: 3, sold: 2}
    expect:
      rows:
        - {loaf_id: 3, revenue: 18}
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a seed input without rows reads the seed's CSV", async () => {
    await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
    // dbt types dict rows by the input's table, so the input model is built first.
    await runCli(['run', '--select', 'loaf_sales', '--project-dir', dir, '--profiles-dir', dir]);
    await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    const byName = new Map(results.map((r) => [r.unique_id.split('.').at(-1), r]));
    assert.equal(byName.get('revenue_from_seed_prices')?.status, 'pass', byName.get('revenue_from_seed_prices')?.message ?? '');
    assert.equal(byName.get('shouts_given_names')?.status, 'pass', byName.get('shouts_given_names')?.message ?? '');
    // manifest.json shows the seed's rows as the input's, as dbt's parser reads them in (text cells).
    const units = readArtifact<{ unit_tests: Record<string, { given: { input: string; rows: unknown }[] }> }>(dir, 'manifest.json').unit_tests;
    const seedInput = Object.values(units).flatMap((u) => u.given).find((g) => g.input === "ref('loaf_prices')");
    assert.deepEqual(seedInput?.rows, [{ loaf_id: '1', price: '4' }, { loaf_id: '2', price: '6' }, { loaf_id: '3', price: '9' }]);
  });

  test("a ref of the model that no input stands for is dbt's node-not-found error, not a read of the real table", async () => {
    const yml = readFileSync(join(dir, 'models/unit.yml'), 'utf8');
    // The seed holds loaf 3 at 9 a loaf: read for real, the expected row would match.
    const partial = `  - name: revenue_without_prices
    model: revenue
    given:
      - input: ref('loaf_sales')
        rows:
          - {loaf_id: 3, sold: 2}
    expect:
      rows:
        - {loaf_id: 3, revenue: 18}
`;
    try {
      writeProjectFile(dir, 'models/unit.yml', yml + partial);
      await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
      await runCli(['test', '--project-dir', dir, '--profiles-dir', dir, '--select', 'revenue']);
      const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
      const partialResult = results.find((r) => r.unique_id.endsWith('.revenue_without_prices'));
      assert.equal(partialResult?.status, 'error');
      assert.match(partialResult?.message ?? '', /depends on a node named 'loaf_prices' which was not found/);
      assert.equal(results.find((r) => r.unique_id.endsWith('.revenue_from_seed_prices'))?.status, 'pass');
    } finally {
      writeProjectFile(dir, 'models/unit.yml', yml);
    }
  });

  test('a given ephemeral input stands for the ephemerals and tables it reads, which need no input', async () => {
    writeProjectFile(dir, 'models/loaf_labels.sql', "{{ config(materialized='ephemeral') }}\nselect loaf_id, loaf_name || '!' as label from {{ ref('loaf_names') }} join {{ ref('loaf_sales') }} using (loaf_id)\n");
    writeProjectFile(dir, 'models/label_board.sql', "select label from {{ ref('loaf_labels') }}\n");
    writeProjectFile(dir, 'models/label_unit.yml', `unit_tests:
  - name: board_from_labels
    model: label_board
    given:
      - input: ref('loaf_labels')
        format: sql
        rows: select 4 as loaf_id, 'oat!' as label
    expect:
      rows: [{label: oat!}]
`);
    try {
      const run = await runCli(['test', '--project-dir', dir, '--profiles-dir', dir, '--select', 'label_board']);
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    } finally {
      for (const f of ['models/loaf_labels.sql', 'models/label_board.sql', 'models/label_unit.yml']) rmSync(join(dir, f));
    }
  });

  test('an ephemeral input needs format: sql: dict rows are an error, as in dbt', async () => {
    await runCli(['test', '--project-dir', dir, '--profiles-dir', dir, '--select', 'shouted_names']);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    const dict = results.find((r) => r.unique_id.endsWith('.shouts_dict_names'));
    assert.equal(dict?.status, 'error');
    assert.match(dict?.message ?? '', /Not able to get columns for unit test 'loaf_names' from relation __dbt__cte__loaf_names because the relation doesn't exist/);
    assert.match(dict?.message ?? '', /format: sql/);
  });

  test('an input without rows that names no seed (an unknown name, or a model) fails the parse at its line', async () => {
    const yml = readFileSync(join(dir, 'models/unit.yml'), 'utf8');
    const missing = `  - name: revenue_from_missing_seed
    model: revenue
    given:
      - input: ref('crumb_prices')
      - input: ref('loaf_sales')
        rows: []
    expect:
      rows: []
`;
    try {
      writeProjectFile(dir, 'models/unit.yml', yml + missing);
      const unknown = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(unknown.code, 2, unknown.out);
      const line = (yml + missing).split('\n').findIndex((l) => l.includes("ref('crumb_prices')")) + 1;
      assert.match(unknown.err, new RegExp(`unit\\.yml:${line}: .*Unable to find seed 'bakery\\.crumb_prices' for unit tests in directories: \\['seeds'\\]`));
      writeProjectFile(dir, 'models/unit.yml', yml + missing.replace("ref('crumb_prices')", "ref('loaf_prices')").replace("ref('loaf_sales')\n        rows: []", "ref('loaf_sales')"));
      const model = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(model.code, 2, model.out);
      assert.match(model.err, /Unable to find seed 'bakery\.loaf_sales' for unit tests/);
    } finally {
      writeProjectFile(dir, 'models/unit.yml', yml);
    }
  });
});
