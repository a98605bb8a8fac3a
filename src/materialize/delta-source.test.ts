import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompiledNode } from '../project/types.js';
import { openDuckDb } from '../adapters/duckdb/index.js';
import { VOLATILE_FUNCTIONS } from './delta-source.js';
import { deltaTableName } from './incremental-apply.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('incremental deltas read from the query or from a staged copy', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
    await wh.adapter.execute(
      "create table main.src as select * from (values (1, 'old'), (2, 'old')) as t(id, v); create table main.src_next as select * from (values (1, 'new'), (2, 'new'), (3, 'new')) as t(id, v)",
    );
  });
  after(async () => {
    await wh.dispose();
  });

  const build = async (node: CompiledNode) => {
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.status, 'success', result.message);
    return result;
  };
  const staged = (node: CompiledNode, executed: string[]) => executed.some((s) => s.includes(deltaTableName(node)));
  const incremental = (name: string, strategy: string, sql: string) =>
    makeNode(wh.database, { name, compiled_code: sql, config: { materialized: 'incremental', incremental_strategy: strategy, unique_key: 'id' } });

  it('knows every function DuckDB marks volatile', async () => {
    const listed = await wh.rows("select distinct function_name as name from duckdb_functions() where stability = 'VOLATILE' order by 1");
    assert.deepEqual(
      listed.map((r) => r['name']),
      [...VOLATILE_FUNCTIONS].sort(),
    );
  });

  for (const strategy of ['delete+insert', 'merge', 'append'] as const) {
    it(`${strategy} writes rows read from warehouse tables straight from the query, without a staged copy`, async () => {
      const name = `direct_${strategy.replace('+', '_')}`;
      const node = incremental(name, strategy, 'select * from main.src');
      await build(node);
      node.compiled_code = 'select * from main.src_next where id >= 2';
      const result = await build(node);
      assert.equal(staged(node, result.executedSql), false, result.executedSql.join('\n'));
      assert.equal(result.rowsAffected, 2);
      const expected =
        strategy === 'append'
          ? [
              { id: 1, v: 'old' },
              { id: 2, v: 'new' },
              { id: 2, v: 'old' },
              { id: 3, v: 'new' },
            ]
          : [
              { id: 1, v: 'old' },
              { id: 2, v: 'new' },
              { id: 3, v: 'new' },
            ];
      assert.deepEqual(await wh.rows(`select * from main.${name} order by id, v`), expected);
    });
  }

  it('stages the rows when the query reads the target, so the delete cannot change what is inserted', async () => {
    const node = incremental('self_read', 'delete+insert', "select * from (values (1, 'old'), (2, 'old')) as t(id, v)");
    await build(node);
    // Read twice around the delete, this would insert only id 3 and lose ids 1 and 2.
    node.compiled_code = 'select * from main.src_next where id in (select id from main.self_read) or id = 3';
    const result = await build(node);
    assert.equal(staged(node, result.executedSql), true);
    assert.deepEqual(await wh.rows('select * from main.self_read order by id'), [
      { id: 1, v: 'new' },
      { id: 2, v: 'new' },
      { id: 3, v: 'new' },
    ]);
  });

  it('stages the rows when the query filters on max() of the target, which DuckDB may answer from stored statistics', async () => {
    const path = join(wh.dir, 'reopened.duckdb');
    const first = await openDuckDb({ path });
    await first.execute(
      "create table main.loads as select * from (values (1, 'a', date '2024-01-01'), (2, 'b', date '2024-01-01'), (2, 'b2', date '2024-01-02')) as t(id, v, loaded)",
    );
    const node = incremental('self_max', 'delete+insert', "select * from main.loads where loaded < date '2024-01-02'");
    node.database = first.defaultDatabase;
    node.relation_name = `"${first.defaultDatabase}"."main"."self_max"`;
    assert.equal((await materializeNode(makeContext(first, node))).status, 'success');
    await first.close();
    // Reopened, the table's statistics are exact and DuckDB plans max(loaded) as a constant, not a scan of the target.
    const db = await openDuckDb({ path });
    try {
      // The usual incremental filter: rows loaded since the newest one already in the table.
      node.compiled_code = 'select * from main.loads where loaded >= (select max(loaded) from main.self_max)';
      const result = await materializeNode(makeContext(db, node));
      assert.equal(result.status, 'success', result.message);
      assert.equal(staged(node, result.executedSql), true, result.executedSql.join('\n'));
      const rows = (await db.execute('select id, v from main.self_max order by id, v')).rows.map((r) => r.join(''));
      assert.deepEqual(rows, ['1a', '2b', '2b2']);
    } finally {
      await db.close();
    }
  });

  it('stages the rows when the query is not known to return the same rows twice', async () => {
    const csv = join(wh.dir, 'delta.csv');
    await writeFile(csv, 'id,v\n3,new\n');
    await wh.adapter.execute("create view main.sampled as select * from main.src_next where random() < 2; create view main.plain as select * from main.src_next");
    const cases: [string, string, boolean][] = [
      ['a volatile call', 'select * from main.src_next where random() < 2', true],
      ['a file', `select * from read_csv('${csv}', header = true)`, true],
      ['a view with a volatile call', 'select * from main.sampled', true],
      ['a plain view', 'select * from main.plain', false],
    ];
    for (const [what, sql, expectStaged] of cases) {
      const name = `src_${what.replaceAll(' ', '_')}`;
      const node = incremental(name, 'delete+insert', 'select * from main.src');
      await build(node);
      node.compiled_code = sql;
      const result = await build(node);
      assert.equal(staged(node, result.executedSql), expectStaged, `${what}: ${result.executedSql.join('\n')}`);
      const ids = (await wh.rows(`select id from main.${name} order by id`)).map((r) => r['id']);
      assert.deepEqual(ids, [1, 2, 3], what);
    }
  });

  it('stages the rows when the target gains columns, so the query is read before the ALTER', async () => {
    const node = makeNode(wh.database, {
      name: 'grows',
      compiled_code: 'select id from main.src',
      config: { materialized: 'incremental', incremental_strategy: 'delete+insert', unique_key: 'id', on_schema_change: 'append_new_columns' },
    });
    await build(node);
    node.compiled_code = 'select * from main.src_next';
    const result = await build(node);
    assert.equal(staged(node, result.executedSql), true);
    assert.deepEqual(await wh.rows('select * from main.grows order by id'), [
      { id: 1, v: 'new' },
      { id: 2, v: 'new' },
      { id: 3, v: 'new' },
    ]);
  });
});
