import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { externalSourceSql, formatExternalLocation } from './external-source.js';
import { openTestWarehouse, type TestWarehouse } from '../../materialize/test-fixtures.js';

describe('sources read from files', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  it('fills {name}, {identifier} and other placeholders', () => {
    assert.equal(formatExternalLocation('data/{source_name}/{name}.csv', { name: 'users', source_name: 'billing' }), 'data/billing/users.csv');
    assert.equal(formatExternalLocation('data/{identifier}.parquet', { name: 'users', identifier: 'users_v2' }), 'data/users_v2.parquet');
    assert.equal(formatExternalLocation('data/{identifier}.parquet', { name: 'users' }), 'data/users.parquet');
  });

  it("fills placeholders the way the source's formatter says: newstyle, oldstyle or template", () => {
    const src = { name: 'flights', identifier: 'flights_2024' };
    // oldstyle leaves braces alone, so reader options such as types={...} can be written as is.
    assert.equal(
      formatExternalLocation("read_csv('data/%(identifier)s.csv', types={'FlightDate': 'DATE'}, comment='100%%')", { ...src, formatter: 'oldstyle' }),
      "read_csv('data/flights_2024.csv', types={'FlightDate': 'DATE'}, comment='100%')",
    );
    assert.equal(formatExternalLocation('data/${name}/$identifier.csv', { ...src, formatter: 'template' }), 'data/flights/flights_2024.csv');
    assert.equal(formatExternalLocation('cost$$/{name}.csv', { ...src, formatter: 'template' }), 'cost$/{name}.csv');
    assert.equal(formatExternalLocation('data/{name}/%(name)s.csv', { ...src, formatter: 'newstyle' }), 'data/flights/%(name)s.csv');
    assert.throws(() => formatExternalLocation('data/{name}.csv', { ...src, formatter: 'fstring' }), /Formatter fstring not recognized/);
  });

  it('reads relative and quoted paths from the base folder; function calls and URLs stay as written', () => {
    const base = { baseDir: '/srv/project' };
    assert.equal(externalSourceSql('data/{name}.csv', { name: 'users' }, base), "'/srv/project/data/users.csv'");
    assert.equal(externalSourceSql("'data/users.parquet'", { name: 'users' }, base), "'/srv/project/data/users.parquet'");
    assert.equal(externalSourceSql('lake/events', { name: 'events' }, base), "read_parquet('/srv/project/lake/events/**/*.parquet', hive_partitioning = true)");
    // A home path is DuckDB's to expand, not the project's.
    assert.equal(externalSourceSql('~/data/{name}.csv', { name: 'users' }, base), "'~/data/users.csv'");
    // A file DuckDB reads by another extension is the quoted path, not a folder of Parquet files.
    assert.equal(externalSourceSql('data/{name}.xlsx', { name: 'budget' }, base), "'/srv/project/data/budget.xlsx'");
    assert.equal(externalSourceSql("read_csv('data/x.csv')", { name: 'x' }, base), "read_csv('data/x.csv')");
    // Any parenthesis marks SQL, not a path: a subquery is used as written, as dbt-duckdb does.
    assert.equal(externalSourceSql("(select * from read_csv('data/{name}.csv'))", { name: 'x' }, base), "(select * from read_csv('data/x.csv'))");
    assert.equal(externalSourceSql('s3://bucket/x.parquet', { name: 'x' }, base), "'s3://bucket/x.parquet'");
    assert.equal(externalSourceSql('dump/{name}.dat', { name: 'x', format: 'csv' }, { ...base, format: 'csv' }), "read_csv('/srv/project/dump/x.dat', auto_detect = true)");
  });

  it('reads CSV, Parquet and JSON files and globs by extension', async () => {
    const dir = join(wh.dir, 'files');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'users.csv'), 'id,name\n1,ann\n2,bob\n');
    await writeFile(join(dir, 'more.csv'), 'id,name\n3,cy\n');
    await writeFile(join(dir, 'events.json'), '{"id": 1, "kind": "play"}\n{"id": 2, "kind": "stop"}\n');
    await wh.adapter.execute(`copy (select 7 as id) to '${join(dir, 'titles.parquet')}' (format parquet)`);
    const src = { name: 'users' };
    const count = async (location: string) =>
      (await wh.rows(`select count(*)::int as n from ${externalSourceSql(location, src)}`))[0]?.['n'];
    assert.equal(externalSourceSql(join(dir, '{name}.csv'), src), `'${join(dir, 'users.csv')}'`);
    assert.equal(await count(join(dir, '{name}.csv')), 2);
    assert.equal(await count(join(dir, '*.csv')), 3);
    assert.equal(await count(join(dir, 'events.json')), 2);
    assert.equal(await count(join(dir, 'titles.parquet')), 1);
    assert.equal(await count(`read_csv('${join(dir, '{name}.csv')}', header = true)`), 2);
    const semi = join(dir, 'semi.csv');
    await writeFile(semi, 'a;b\n1;2\n');
    assert.deepEqual(await wh.rows(`select * from ${externalSourceSql(semi, src, { readOptions: { delim: ';' } })}`), [{ a: 1, b: 2 }]);
  });

  it('renders a file source so a model can hand it to a reader of its own', async () => {
    const dir = join(wh.dir, 'handed');
    await mkdir(join(dir, 'batch_a'), { recursive: true });
    await mkdir(join(dir, 'batch_b'), { recursive: true });
    await writeFile(join(dir, 'batch_a', 'crates_v1.csv'), 'crate,weight\nc1,4\nc2,6\n');
    await writeFile(join(dir, 'batch_b', 'crates_v2.csv'), 'crate,weight\nc3,5\n');
    const rendered = externalSourceSql(join(dir, 'batch_*', '{name}_*.csv'), { name: 'crates' });
    assert.deepEqual(await wh.rows(`select count(*)::int as n, sum(weight)::int as w from read_csv_auto(${rendered}, header=True)`), [{ n: 3, w: 15 }]);
    assert.deepEqual(await wh.rows(`select count(*)::int as n from ${rendered}`), [{ n: 3 }]);
  });

  it('reads a hive-partitioned folder with its partition columns', async () => {
    const lake = join(wh.dir, 'lake', 'player_events');
    await mkdir(join(wh.dir, 'lake'), { recursive: true });
    await wh.adapter.execute(
      `copy (select * from (values (1, date '2024-01-01'), (2, date '2024-01-02'), (3, date '2024-01-02')) as t(id, event_date)) to '${lake}' (format parquet, partition_by (event_date))`,
    );
    for (const location of [lake, `${lake}/`, join(lake, '*', '*.parquet')]) {
      const rows = await wh.rows(`select event_date::varchar as d, count(*)::int as n from ${externalSourceSql(location, { name: 'player_events' })} group by 1 order by 1`);
      assert.deepEqual(rows, [
        { d: '2024-01-01', n: 1 },
        { d: '2024-01-02', n: 2 },
      ], location);
    }
  });
});
