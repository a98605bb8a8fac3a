import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('incremental materialization', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  /** Writes the model's input CSV, as an hourly export would replace it. */
  const input = async (name: string, csv: string) => {
    const path = join(wh.dir, `${name}.csv`);
    await writeFile(path, csv);
    return `select * from read_csv('${path}', header = true, auto_detect = true)`;
  };
  const run = async (node: CompiledNode, extra: { fullRefresh?: boolean } = {}) => {
    const result = await materializeNode(makeContext(wh.adapter, node, extra));
    assert.equal(result.status, 'success', result.message);
    return result;
  };
  const rows = (sql: string) => wh.rows(sql);

  it('drops the __dbt_tmp and __dbt_backup relations a killed build left before adding rows', async () => {
    const node = makeNode(wh.database, { name: 'tallies', compiled_code: 'select 1 as id', config: { materialized: 'incremental' } });
    await run(node);
    await wh.adapter.execute('create table main.tallies__dbt_tmp as select 9 as junk');
    await wh.adapter.execute('create view main.tallies__dbt_backup as select 9 as junk');
    node.compiled_code = 'select 2 as id';
    await run(node);
    assert.deepEqual(await rows('select id from main.tallies order by id'), [{ id: 1 }, { id: 2 }]);
    const left = await rows("select table_name from information_schema.tables where table_name like 'tallies\\_\\_%' escape '\\'");
    assert.deepEqual(left, []);
  });

  it('appends the new rows a filtered incremental query returns', async () => {
    const sql = await input('events_a', 'id,ts\n1,2024-01-01\n2,2024-01-02\n');
    const node = makeNode(wh.database, { name: 'events_append', compiled_code: sql, config: { materialized: 'incremental' } });
    const first = await run(node);
    assert.deepEqual(first.relation?.type, 'table');
    const next = await input('events_a', 'id,ts\n1,2024-01-01\n2,2024-01-02\n3,2024-01-03\n');
    // What the renderer produces with is_incremental() true.
    node.compiled_code = `${next} where ts > (select max(ts) from main.events_append)`;
    const second = await run(node);
    assert.equal(second.rowsAffected, 1);
    assert.equal(second.message, 'OK');
    assert.deepEqual(await rows('select id from main.events_append order by id'), [{ id: 1 }, { id: 2 }, { id: 3 }]);
    await run(node);
    assert.deepEqual(await rows('select count(*)::int as n from main.events_append'), [{ n: 3 }], 'a second run on the same input changes nothing');
  });

  for (const strategy of ['merge', 'delete+insert'] as const) {
    it(`${strategy} with a single unique_key updates changed rows, inserts new ones and is idempotent`, async () => {
      const name = `users_${strategy === 'merge' ? 'merge' : 'di'}`;
      const node = makeNode(wh.database, {
        name,
        compiled_code: await input(name, 'id,plan\n1,basic\n2,basic\n'),
        config: { materialized: 'incremental', incremental_strategy: strategy, unique_key: 'id' },
      });
      await run(node);
      node.compiled_code = await input(name, 'id,plan\n2,premium\n3,basic\n');
      await run(node);
      const expected = [
        { id: 1, plan: 'basic' },
        { id: 2, plan: 'premium' },
        { id: 3, plan: 'basic' },
      ];
      assert.deepEqual(await rows(`select * from main.${name} order by id`), expected);
      await run(node);
      assert.deepEqual(await rows(`select * from main.${name} order by id`), expected);
    });

    it(`${strategy} takes a unique_key written already quoted, as dbt pastes it into its SQL`, async () => {
      const name = `stalls_${strategy === 'merge' ? 'merge' : 'di'}`;
      const node = makeNode(wh.database, {
        name,
        compiled_code: `select * from (values (10, 'hay'), (11, 'oats')) as t("Stall_No", "Feed")`,
        config: { materialized: 'incremental', incremental_strategy: strategy, unique_key: ['"Stall_No"'] },
      });
      await run(node);
      node.compiled_code = `select * from (values (11, 'barley'), (12, 'hay')) as t("Stall_No", "Feed")`;
      await run(node);
      assert.deepEqual(await rows(`select "Stall_No" as stall, "Feed" as feed from main.${name} order by 1`), [
        { stall: 10, feed: 'hay' },
        { stall: 11, feed: 'barley' },
        { stall: 12, feed: 'hay' },
      ]);
    });

    if (strategy === 'delete+insert') {
      it('delete+insert takes a unique_key that is an SQL expression, matching rows on its value', async () => {
        const node = makeNode(wh.database, {
          name: 'kennel_visits',
          compiled_code: `select * from (values ('rex', 1, 'bath'), ('rex', 2, 'trim'), ('ace', 1, 'walk')) as t(dog, visit, service)`,
          config: { materialized: 'incremental', incremental_strategy: 'delete+insert', unique_key: "dog || '#' || visit" },
        });
        await run(node);
        node.compiled_code = `select * from (values ('rex', 2, 'nails'), ('ace', 2, 'bath')) as t(dog, visit, service)`;
        await run(node);
        assert.deepEqual(await rows('select dog, visit, service from main.kennel_visits order by dog, visit'), [
          { dog: 'ace', visit: 1, service: 'walk' },
          { dog: 'ace', visit: 2, service: 'bath' },
          { dog: 'rex', visit: 1, service: 'bath' },
          { dog: 'rex', visit: 2, service: 'nails' },
        ]);
      });
    }

    it(`${strategy} with a composite unique_key never matches a NULL key part, as dbt-duckdb's = does: the row is added again`, async () => {
      const name = `daily_${strategy === 'merge' ? 'merge' : 'di'}`;
      const node = makeNode(wh.database, {
        name,
        compiled_code: `select * from (values (date '2024-01-01', 'tv', 5), (date '2024-01-01', null, 1), (date '2024-01-02', 'tv', 7)) as t(day, device, views)`,
        config: { materialized: 'incremental', incremental_strategy: strategy, unique_key: ['day', 'device'] },
      });
      await run(node);
      node.compiled_code = `select * from (values (date '2024-01-01', null, 2), (date '2024-01-02', 'tv', 9), (date '2024-01-02', 'web', 3)) as t(day, device, views)`;
      await run(node);
      await run(node);
      assert.deepEqual(await rows(`select day::varchar as day, device, views from main.${name} order by day, device nulls first, views`), [
        { day: '2024-01-01', device: null, views: 1 },
        { day: '2024-01-01', device: null, views: 2 },
        { day: '2024-01-01', device: null, views: 2 },
        { day: '2024-01-01', device: 'tv', views: 5 },
        { day: '2024-01-02', device: 'tv', views: 9 },
        { day: '2024-01-02', device: 'web', views: 3 },
      ]);
    });
  }

  it("merge bounds the target side of the key match by the new keys' range, with the same result", async () => {
    const node = makeNode(wh.database, {
      name: 'ranged',
      compiled_code: "select i::bigint as id, timestamp '2024-01-01' + to_days(i::int) as ts, 'old' as v from range(1, 11) t(i)",
      config: { materialized: 'incremental', incremental_strategy: 'merge', unique_key: ['id', 'ts'] },
    });
    await run(node);
    // Keys 4 and 7 change, 11 is new: rows 1-3, 5-6 and 8-10 lie outside or between and stay.
    node.compiled_code = "select i::bigint as id, timestamp '2024-01-01' + to_days(i::int) as ts, 'new' as v from (values (4), (7), (11)) t(i)";
    const result = await run(node);
    const merge = result.executedSql.find((s) => s.startsWith('merge into')) ?? '';
    assert.match(merge, /"id" between cast\('4' as BIGINT\) and cast\('11' as BIGINT\)/u);
    assert.match(merge, /"ts" between cast\('2024-01-05 00:00:00' as TIMESTAMP\) and cast\('2024-01-12 00:00:00' as TIMESTAMP\)/u);
    const expected = Array.from({ length: 11 }, (_, k) => ({ id: k + 1, v: [4, 7, 11].includes(k + 1) ? 'new' : 'old' }));
    assert.deepEqual(await rows('select id, v from main.ranged order by id'), expected);
    await run(node);
    assert.deepEqual(await rows('select id, v from main.ranged order by id'), expected, 'a second run changes nothing');
  });

  it('merge inserts NULL-keyed rows beside the old ones, as the = match of dbt-duckdb does, and two of them are no repeated key', async () => {
    const node = makeNode(wh.database, {
      name: 'null_keyed',
      compiled_code: "select * from (values (1, 'a'), (null, 'b'), (5, 'c')) as t(id, v)",
      config: { materialized: 'incremental', incremental_strategy: 'merge', unique_key: 'id' },
    });
    await run(node);
    node.compiled_code = "select * from (values (null, 'B'), (null, 'C'), (2, 'd')) as t(id, v)";
    const result = await run(node);
    const merge = result.executedSql.find((s) => s.startsWith('merge into')) ?? '';
    assert.match(merge, /DBT_INTERNAL_SOURCE\."id" = DBT_INTERNAL_DEST\."id" and DBT_INTERNAL_DEST\."id" between cast\('2' as INTEGER\) and cast\('2' as INTEGER\)\n/u);
    assert.deepEqual(await rows('select id, v from main.null_keyed order by id nulls first, v'), [
      { id: null, v: 'B' },
      { id: null, v: 'C' },
      { id: null, v: 'b' },
      { id: 1, v: 'a' },
      { id: 2, v: 'd' },
      { id: 5, v: 'c' },
    ]);
  });

  it('leaves the key match unbounded when the key types differ or cannot be ranged', async () => {
    const node = makeNode(wh.database, {
      name: 'unranged',
      compiled_code: "select 1::bigint as id, 'x' as code, 'old' as v union all select 2, 'y', 'old'",
      config: { materialized: 'incremental', incremental_strategy: 'merge', unique_key: ['id', 'code'] },
    });
    await run(node);
    // id is INTEGER in the new rows but BIGINT in the table; code is a string: no bound at all.
    node.compiled_code = "select 2::integer as id, 'y' as code, 'new' as v";
    const result = await run(node);
    assert.doesNotMatch(result.executedSql.find((s) => s.startsWith('merge into')) ?? '', /between/u);
    assert.deepEqual(await rows('select id, code, v from main.unranged order by id'), [
      { id: 1, code: 'x', v: 'old' },
      { id: 2, code: 'y', v: 'new' },
    ]);
  });

  it('uses delete+insert by default when a unique_key is set', async () => {
    const node = makeNode(wh.database, { name: 'dflt', compiled_code: 'select 1 as id, 1 as v', config: { materialized: 'incremental', unique_key: 'id' } });
    await run(node);
    node.compiled_code = 'select 1 as id, 2 as v';
    const result = await run(node);
    assert.ok(result.executedSql.some((s) => s.startsWith('delete from')));
    assert.deepEqual(await rows('select * from main.dflt'), [{ id: 1, v: 2 }]);
  });

  it('merge updates only merge_update_columns and refuses duplicate keys in the new rows', async () => {
    const node = makeNode(wh.database, {
      name: 'mcols',
      compiled_code: "select 1 as id, 'a' as name, 10 as score",
      config: { materialized: 'incremental', incremental_strategy: 'merge', unique_key: 'id', merge_update_columns: ['score'] },
    });
    await run(node);
    node.compiled_code = "select 1 as id, 'b' as name, 20 as score";
    await run(node);
    assert.deepEqual(await rows('select * from main.mcols'), [{ id: 1, name: 'a', score: 20 }]);
    node.compiled_code = "select 1 as id, 'c' as name, 30 as score union all select 1, 'd', 40";
    const failed = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(failed.status, 'error');
    assert.match(failed.message, /several rows for the same unique_key \[id\].*id=1/u);
    assert.deepEqual(await rows('select * from main.mcols'), [{ id: 1, name: 'a', score: 20 }]);
  });

  it('merge inserts every new row repeating a key the target does not hold yet, as MERGE inserts each unmatched row', async () => {
    const node = makeNode(wh.database, {
      name: 'mnew',
      compiled_code: "select 1 as id, 'a' as name",
      config: { materialized: 'incremental', incremental_strategy: 'merge', unique_key: 'id' },
    });
    await run(node);
    node.compiled_code = "select 2 as id, 'b' as name union all select 2, 'c'";
    await run(node);
    assert.deepEqual(await rows('select * from main.mnew order by id, name'), [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 2, name: 'c' },
    ]);
  });

  it('limits the delete to incremental_predicates', async () => {
    const node = makeNode(wh.database, {
      name: 'preds',
      compiled_code: 'select * from (values (1, 2023), (1, 2024)) as t(id, yr)',
      config: { materialized: 'incremental', incremental_strategy: 'delete+insert', unique_key: 'id', incremental_predicates: ['yr >= 2024'] },
    });
    await run(node);
    node.compiled_code = 'select 1 as id, 2024 as yr';
    await run(node);
    assert.deepEqual(await rows('select * from main.preds order by yr'), [
      { id: 1, yr: 2023 },
      { id: 1, yr: 2024 },
    ]);
  });

  it("delete+insert writes the target and predicates as dbt-duckdb's: unnamed for a string key, DBT_INCREMENTAL_TARGET for a list, each predicate after `and` as written", async () => {
    const make = (name: string, uniqueKey: string | string[], predicate: string) =>
      makeNode(wh.database, {
        name,
        compiled_code: 'select * from (values (1, 2022), (1, 2023), (2, 2022)) as t(id, yr)',
        config: { materialized: 'incremental', incremental_strategy: 'delete+insert', unique_key: uniqueKey, incremental_predicates: [predicate] },
      });
    // `id in (new ids) and yr = 2023 or id = 2` groups as dbt-duckdb's text does: the id 2 row goes too.
    const grouped = make('or_pred', 'id', 'yr = 2023 or id = 2');
    await run(grouped);
    grouped.compiled_code = 'select 1 as id, 2024 as yr';
    await run(grouped);
    assert.deepEqual(await rows('select * from main.or_pred order by id, yr'), [
      { id: 1, yr: 2022 },
      { id: 1, yr: 2024 },
    ]);
    const listed = make('list_pred', ['id'], 'DBT_INCREMENTAL_TARGET.yr >= 2023');
    await run(listed);
    listed.compiled_code = 'select 1 as id, 2024 as yr';
    await run(listed);
    assert.deepEqual(await rows('select * from main.list_pred order by id, yr'), [
      { id: 1, yr: 2022 },
      { id: 1, yr: 2024 },
      { id: 2, yr: 2022 },
    ]);
    // The target carries no DBT_INTERNAL_DEST name there, so such a predicate fails as in dbt-duckdb.
    const named = make('dest_pred', 'id', 'DBT_INTERNAL_DEST.yr >= 2023');
    await run(named);
    named.compiled_code = 'select 1 as id, 2024 as yr';
    const failed = await materializeNode(makeContext(wh.adapter, named));
    assert.equal(failed.status, 'error');
    assert.match(failed.message, /Referenced table "DBT_INTERNAL_DEST" not found/u);
  });

  it('delete+insert without a unique_key only inserts: incremental_predicates delete nothing, as in dbt', async () => {
    const node = makeNode(wh.database, {
      name: 'shelf_counts',
      compiled_code: "select * from (values ('north', 4), ('south', 6)) as t(aisle, boxes)",
      config: { materialized: 'incremental', incremental_strategy: 'delete+insert', incremental_predicates: ["DBT_INTERNAL_DEST.aisle = 'south'"] },
    });
    await run(node);
    node.compiled_code = "select 'south' as aisle, 9 as boxes";
    await run(node);
    assert.deepEqual(await rows('select * from main.shelf_counts order by aisle, boxes'), [
      { aisle: 'north', boxes: 4 },
      { aisle: 'south', boxes: 6 },
      { aisle: 'south', boxes: 9 },
    ]);
  });

  it('reads the older predicates config before incremental_predicates, as dbt does', async () => {
    const node = makeNode(wh.database, {
      name: 'old_preds',
      compiled_code: "select * from (values (7, 'keep'), (8, 'old')) as t(pallet, label)",
      config: { materialized: 'incremental', incremental_strategy: 'merge', unique_key: 'pallet', predicates: ['DBT_INTERNAL_SOURCE.pallet <> 7'], incremental_predicates: [] },
    });
    await run(node);
    node.compiled_code = "select * from (values (7, 'again'), (8, 'new')) as t(pallet, label)";
    await run(node);
    assert.deepEqual(await rows('select * from main.old_preds order by pallet, label'), [
      { pallet: 7, label: 'again' },
      { pallet: 7, label: 'keep' },
      { pallet: 8, label: 'new' },
    ]);
  });

  it('rebuilds on --full-refresh unless the full_refresh config is false', async () => {
    const node = makeNode(wh.database, { name: 'fr', compiled_code: 'select 1 as id', config: { materialized: 'incremental' } });
    await run(node);
    node.compiled_code = 'select 2 as id';
    await run(node, { fullRefresh: true });
    assert.deepEqual(await rows('select * from main.fr'), [{ id: 2 }]);
    node.config['full_refresh'] = false;
    node.compiled_code = 'select 3 as id';
    await run(node, { fullRefresh: true });
    assert.deepEqual(await rows('select * from main.fr order by id'), [{ id: 2 }, { id: 3 }]);
  });

  it('replaces a view of the same name with a table', async () => {
    await wh.adapter.execute('create view main.was_view as select 1 as id');
    const node = makeNode(wh.database, { name: 'was_view', compiled_code: 'select 5 as id', config: { materialized: 'incremental' } });
    await run(node);
    assert.deepEqual(await rows("select table_type from information_schema.tables where table_name = 'was_view'"), [{ table_type: 'BASE TABLE' }]);
    assert.deepEqual(await rows('select * from main.was_view'), [{ id: 5 }]);
  });

  it('runs hooks and rolls the whole increment back when an in-transaction post-hook fails', async () => {
    await wh.adapter.execute('create table main.audit (msg varchar)');
    const node = makeNode(wh.database, {
      name: 'hooked',
      compiled_code: 'select 1 as id',
      config: {
        materialized: 'incremental',
        'pre-hook': [{ sql: "insert into main.audit values ('pre')", transaction: true }],
        'post-hook': [{ sql: "insert into main.audit values ('post')", transaction: false }],
      },
    });
    await run(node);
    node.compiled_code = 'select 2 as id';
    await run(node);
    assert.deepEqual(await rows('select msg from main.audit'), [{ msg: 'pre' }, { msg: 'post' }, { msg: 'pre' }, { msg: 'post' }]);
    node.config['post-hook'] = [{ sql: 'select * from no_such_table', transaction: true }];
    node.compiled_code = 'select 3 as id';
    const failed = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(failed.status, 'error');
    assert.deepEqual(await rows('select * from main.hooked order by id'), [{ id: 1 }, { id: 2 }]);
    assert.equal((await rows('select msg from main.audit')).length, 4, 'the in-transaction pre-hook was rolled back too');
  });

  it('refuses a strategy as dbt-duckdb does, only once the model builds incrementally: one of dbt\'s own it lacks by name, another for its missing macro', async () => {
    for (const [strategy, message] of [
      ['insert_overwrite', "The incremental strategy 'insert_overwrite' is not valid for this adapter"],
      ['shuffle+deal', 'dbt could not find an incremental strategy macro with the name "get_incremental_shuffle_deal_sql" in shop'],
    ] as const) {
      const node = makeNode(wh.database, { name: 'bad', compiled_code: 'select 1 as id', config: { materialized: 'incremental', incremental_strategy: strategy } });
      await wh.adapter.execute('drop table if exists main.bad');
      const first = await materializeNode(makeContext(wh.adapter, node));
      assert.equal(first.status, 'success', first.message);
      await assert.rejects(materializeNode(makeContext(wh.adapter, node)), (error: unknown) => {
        assert.ok(isReelhouseError(error));
        // not a compilation code: the run reports it as a Runtime Error, as dbt's adapter raises it
        assert.equal(error.diagnostic.code, 'invalid-incremental-strategy');
        assert.equal(error.diagnostic.message, message);
        return true;
      });
    }
  });
});
