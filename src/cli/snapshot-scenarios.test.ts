// Snapshots (SCD2) run through the CLI over a CSV source that changes between runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: customers
        meta:
          external_location: 'data/{name}.csv'
`;

const snapshot = (name: string, config: string) => `{% snapshot ${name} %}
{{ config(${config}) }}
select * from {{ source('raw', 'customers') }}
{% endsnapshot %}
`;

const HEADER = 'id,name,email,updated_at';

describe('snapshots over changing input files', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'snapshots/snap_ts.sql': snapshot('snap_ts', "target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at'"),
      'snapshots/snap_check.sql': snapshot('snap_check', "target_schema='snapshots', unique_key='id', strategy='check', check_cols=['email'], hard_deletes='invalidate'"),
      'snapshots/snap_new.sql': snapshot('snap_new', "target_schema='snapshots', unique_key=['id'], strategy='check', check_cols='all', hard_deletes='new_record'"),
      // A YAML-defined snapshot: relation + config, `schema` going through generate_schema_name.
      'snapshots/snapshots.yml': `snapshots:
  - name: snap_yaml
    relation: source('raw', 'customers')
    config:
      schema: history
      unique_key: id
      strategy: timestamp
      updated_at: updated_at
`,
      'data/customers.csv': csv(HEADER, [1, 'ann', null, '2024-01-01 00:00:00'], [2, 'bob', 'bob@x', '2024-01-01 00:00:00']),
    });
  });
  after(async () => {
    await p.dispose();
  });

  const ts = () =>
    p.rows(`select id, name, strftime(dbt_valid_from, '%Y-%m-%d'), strftime(dbt_valid_to, '%Y-%m-%d') from snapshots.snap_ts order by id, dbt_valid_from`);
  const check = () => p.rows(`select id, email, dbt_valid_to is null as current from snapshots.snap_check order by id, dbt_valid_from, email nulls first`);
  const newRecord = () =>
    p.rows(`select id, name, email, dbt_is_deleted, dbt_valid_to is null as current from snapshots.snap_new order by id, dbt_valid_from, dbt_is_deleted`);

  test('first run snapshots every row as current, printing dbt-style lines', async () => {
    const run = await p.ok('snapshot');
    assert.match(run.out, /START snapshot snapshots\.snap_ts /);
    assert.match(run.out, /OK snapshotted snapshots\.snap_ts /);
    assert.match(run.out, /OK snapshotted main_history\.snap_yaml /);
    assert.deepEqual(await ts(), [
      [1, 'ann', '2024-01-01', null],
      [2, 'bob', '2024-01-01', null],
    ]);
    assert.deepEqual(await check(), [
      [1, null, true],
      [2, 'bob@x', true],
    ]);
    assert.deepEqual(await p.rows('select count(*) from main_history.snap_yaml'), [[2]]);
  });

  test('updates, a NULL->value change and a deleted row under each strategy and hard_deletes mode', async () => {
    // ann gets an email (NULL -> value) and a new name; bob disappears; cy arrives.
    p.write('data/customers.csv', csv(HEADER, [1, 'ann2', 'ann@x', '2024-01-05 00:00:00'], [3, 'cy', 'cy@x', '2024-01-05 00:00:00']));
    await p.ok('snapshot');
    // timestamp, hard_deletes ignore: bob stays current.
    assert.deepEqual(await ts(), [
      [1, 'ann', '2024-01-01', '2024-01-05'],
      [1, 'ann2', '2024-01-05', null],
      [2, 'bob', '2024-01-01', null],
      [3, 'cy', '2024-01-05', null],
    ]);
    // check on email, invalidate: ann's NULL -> value is a change; bob is closed.
    assert.deepEqual(await check(), [
      [1, null, false],
      [1, 'ann@x', true],
      [2, 'bob@x', false],
      [3, 'cy@x', true],
    ]);
    // check all, new_record: bob gets a deleted row that is current.
    assert.deepEqual(await newRecord(), [
      [1, 'ann', null, 'False', false],
      [1, 'ann2', 'ann@x', 'False', true],
      [2, 'bob', 'bob@x', 'False', false],
      [2, 'bob', 'bob@x', 'True', true],
      [3, 'cy', 'cy@x', 'False', true],
    ]);
  });

  test('re-running with unchanged input adds nothing', async () => {
    const before = [await ts(), await check(), await newRecord()];
    await p.ok('snapshot');
    await p.ok('build', '--select', 'snap_ts', 'snap_check', 'snap_new');
    assert.deepEqual([await ts(), await check(), await newRecord()], before);
  });

  test('a value going back to NULL is a change too', async () => {
    p.write('data/customers.csv', csv(HEADER, [1, 'ann2', null, '2024-01-05 00:00:00'], [3, 'cy', 'cy@x', '2024-01-05 00:00:00']));
    await p.ok('snapshot', '--select', 'snap_check');
    assert.deepEqual((await check()).filter((r) => r[0] === 1), [
      [1, null, false],
      [1, 'ann@x', false],
      [1, null, true],
    ]);
  });

  test('duplicate source rows for one key fail clearly and write nothing', async () => {
    const before = await ts();
    p.write('data/customers.csv', csv(HEADER, [1, 'ann3', 'a@x', '2024-01-09 00:00:00'], [1, 'ann4', 'b@x', '2024-01-09 00:00:00']));
    const run = await p.run('snapshot', '--select', 'snap_ts');
    assert.equal(run.code, 1);
    assert.match(`${run.out}\n${run.err}`, /more than one row for the same unique_key \[id\]: \(id=1\): 2 rows/);
    assert.match(`${run.out}\n${run.err}`, /ERROR snapshotting snapshots\.snap_ts/);
    assert.deepEqual(await ts(), before);
  });
});
