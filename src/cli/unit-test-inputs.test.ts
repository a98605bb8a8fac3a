// End to end: unit test inputs as dbt reads them. An input that names a seed and gives no rows
// takes the seed's rows (a seed that does not exist is dbt's "Unable to find seed" error), and an
// ephemeral model given as an input is replaced by its rows although it is inlined as a CTE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
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
  - name: revenue_from_missing_seed
    model: revenue
    given:
      - input: ref('crumb_prices')
      - input: ref('loaf_sales')
        rows: []
    expect:
      rows: []
`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("a seed input without rows reads the seed's CSV; an unknown seed is named in the error", async () => {
    await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
    await runCli(['test', '--project-dir', dir, '--profiles-dir', dir]);
    const results = readArtifact<{ results: Result[] }>(dir, 'run_results.json').results;
    const byName = new Map(results.map((r) => [r.unique_id.split('.').at(-1), r]));
    assert.equal(byName.get('revenue_from_seed_prices')?.status, 'pass', byName.get('revenue_from_seed_prices')?.message ?? '');
    assert.equal(byName.get('revenue_from_missing_seed')?.status, 'error');
    assert.match(byName.get('revenue_from_missing_seed')?.message ?? '', /Unable to find seed 'bakery\.crumb_prices' for unit tests/);
    assert.equal(byName.get('shouts_given_names')?.status, 'pass', byName.get('shouts_given_names')?.message ?? '');
  });
});
