import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';
import type { ColumnDef } from '../project/types.js';

const col = (name: string, description: string, quote?: boolean): ColumnDef => ({ name, description, meta: {}, tags: [], ...(quote === undefined ? {} : { quote }) });

describe('persist_docs', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
  });
  after(async () => {
    await wh.dispose();
  });

  const tableComment = async (name: string) => (await wh.rows(`select comment from duckdb_tables() where table_name = '${name}' union all select comment from duckdb_views() where view_name = '${name}'`))[0]?.['comment'];
  const columnComments = async (name: string) =>
    Object.fromEntries((await wh.rows(`select column_name, comment from duckdb_columns() where table_name = '${name}' order by column_index`)).map((r) => [r['column_name'], r['comment']]));

  it("comments a table and its documented columns, quotes and all, and warns of columns it lacks", async () => {
    const warnings: string[] = [];
    const node = makeNode(wh.database, {
      name: 'titles',
      description: "Every title we stream.\nIt's -- not /* a */ comment; 'quoted' too.",
      compiled_code: 'select 1 as title_id, \'Heat\' as "Title Name", 2024 as year',
      config: { materialized: 'table', persist_docs: { relation: true, columns: true } },
      columns: { title_id: col('TITLE_ID', 'Key of the title.'), name: col('Title Name', 'Shown in the app.', true), gone: col('dropped_col', 'No longer built.') },
    });
    const result = await materializeNode(makeContext(wh.adapter, node, { renderHook: (sql) => (warnings.push(sql), '') }));
    assert.equal(result.status, 'success', result.message);
    assert.equal(await tableComment('titles'), "Every title we stream.\nIt's -- not /* a */ comment; 'quoted' too.");
    assert.deepEqual(await columnComments('titles'), { title_id: 'Key of the title.', 'Title Name': 'Shown in the app.', year: null });
    assert.equal(warnings.length, 1);
    // As dbt's validate_doc_columns words it: the relation, rendered, then the missing columns.
    const warned = JSON.parse(/warn\((".*")\)/u.exec(warnings[0]!)![1]!) as string;
    assert.equal(warned, `In relation "${wh.database}"."main"."titles": The following columns are specified in the schema but are not present in the database: dropped_col`);
  });

  it('comments a view only as configured: columns without relation, nothing without persist_docs', async () => {
    const documented = { title_id: col('title_id', 'Key of the title.') };
    const columnsOnly = makeNode(wh.database, {
      name: 'recent_titles',
      description: 'Titles of the last year.',
      compiled_code: 'select 1 as title_id',
      config: { materialized: 'view', persist_docs: { columns: true } },
      columns: documented,
    });
    assert.equal((await materializeNode(makeContext(wh.adapter, columnsOnly))).status, 'success');
    assert.equal(await tableComment('recent_titles'), null);
    assert.deepEqual(await columnComments('recent_titles'), { title_id: 'Key of the title.' });

    const plain = makeNode(wh.database, { name: 'plain_titles', description: 'Not persisted.', compiled_code: 'select 1 as title_id', config: { materialized: 'table' }, columns: documented });
    assert.equal((await materializeNode(makeContext(wh.adapter, plain))).status, 'success');
    assert.equal(await tableComment('plain_titles'), null);
    assert.deepEqual(await columnComments('plain_titles'), { title_id: null });
  });

  it('comments a snapshot table on every run, so changed descriptions reach it', async () => {
    await wh.adapter.execute("create table main.plans as select 1 as plan_id, 'basic' as tier");
    const node = makeNode(wh.database, {
      name: 'plans_snapshot',
      resource_type: 'snapshot',
      description: 'Plan history.',
      compiled_code: 'select * from main.plans',
      config: { materialized: 'snapshot', unique_key: 'plan_id', strategy: 'check', check_cols: 'all', persist_docs: { relation: true, columns: true } },
      columns: { tier: col('tier', 'Price tier.') },
    });
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    assert.equal(await tableComment('plans_snapshot'), 'Plan history.');
    node.description = 'Plan history, one row per version.';
    const second = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(second.status, 'success', second.message);
    assert.equal(await tableComment('plans_snapshot'), 'Plan history, one row per version.');
    assert.equal((await columnComments('plans_snapshot'))['tier'], 'Price tier.');
  });

  it('comments an incremental table on the runs that append to it', async () => {
    const node = makeNode(wh.database, { name: 'watch_log', description: 'First words.', compiled_code: 'select 1 as n', config: { materialized: 'incremental', persist_docs: { relation: true } } });
    assert.equal((await materializeNode(makeContext(wh.adapter, node))).status, 'success');
    node.description = 'Second words.';
    const appended = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(appended.status, 'success', appended.message);
    assert.equal(await tableComment('watch_log'), 'Second words.');
  });
});
