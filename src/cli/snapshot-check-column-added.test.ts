// Snapshot rows written as dbt writes them when the query gains a column (check strategy) and
// when hard_deletes: new_record records a deletion.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: people
        meta:
          external_location: 'data/{name}.csv'
`;

const SNAPSHOTS = `snapshots:
  - name: snap_all
    relation: source('raw', 'people')
    config:
      unique_key: id
      strategy: check
      check_cols: all
  - name: snap_listed
    relation: source('raw', 'people')
    config:
      unique_key: id
      strategy: check
      check_cols: [name]
  - name: snap_deleted
    relation: source('raw', 'people')
    config:
      unique_key: id
      strategy: check
      check_cols: [name]
      hard_deletes: new_record
`;

describe('check snapshots when the query gains a column', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'snapshots/snapshots.yml': SNAPSHOTS,
      'data/people.csv': csv('id,name', [1, 'ann'], [2, 'bob']),
    });
    await p.ok('snapshot');
  });
  after(async () => {
    await p.dispose();
  });

  const versions = (table: string) => p.rows(`select id, count(*), count(*) filter (where dbt_valid_to is null) from main.${table} group by id order by id`);

  test('with check_cols all, every row gets a new version once, even where the new column is NULL', async () => {
    p.write('data/people.csv', csv('id,name,tier', [1, 'ann', null], [2, 'bob', 'gold']));
    await p.ok('snapshot');
    assert.deepEqual(await versions('snap_all'), [
      [1, 2, 1],
      [2, 2, 1],
    ]);
    // The column is in the table now: the next run compares it and adds nothing.
    await p.ok('snapshot');
    assert.deepEqual(await versions('snap_all'), [
      [1, 2, 1],
      [2, 2, 1],
    ]);
    assert.deepEqual(await p.rows('select id, tier from main.snap_all where dbt_valid_to is null order by id'), [
      [1, null],
      [2, 'gold'],
    ]);
  });

  test('a new column that is not among check_cols changes nothing', async () => {
    assert.deepEqual(await versions('snap_listed'), [
      [1, 1, 1],
      [2, 1, 1],
    ]);
  });

  test("a deletion record's dbt_scd_id hashes the ended version's id with the snapshot time", async () => {
    p.write('data/people.csv', csv('id,name,tier', [1, 'ann', null]));
    await p.ok('snapshot', '--select', 'snap_deleted');
    const rows = await p.rows(
      `select d.dbt_scd_id = md5(coalesce(cast(e.dbt_scd_id as varchar), '') || '|' || coalesce(cast(d.dbt_valid_from as varchar), '')), ` +
        `e.dbt_valid_to = d.dbt_valid_from, d.dbt_updated_at = d.dbt_valid_from ` +
        `from main.snap_deleted as d join main.snap_deleted as e on e.id = d.id and e.dbt_is_deleted = 'False' where d.dbt_is_deleted = 'True'`,
    );
    assert.deepEqual(rows, [[true, true, true]]);
  });
});
