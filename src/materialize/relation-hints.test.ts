import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Adapter, ExecuteOptions, QueryResult } from '../adapters/adapter.js';
import { materializeNode } from './materialize-node.js';
import { RelationHints } from './relation-hints.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe("one-call builds with the invocation's relation listing", () => {
  let wh: TestWarehouse;
  // Every text sent to the warehouse, as sent (a batch sent in parts counts once per part).
  let sent: string[];
  let adapter: Adapter;
  before(async () => {
    wh = await openTestWarehouse();
    const inner = wh.adapter;
    adapter = new Proxy(inner, {
      get(target, prop) {
        if (prop === 'execute') return (sql: string, options?: ExecuteOptions): Promise<QueryResult> => (sent.push(sql), inner.execute(sql, options));
        if (prop === 'executeEach') return (texts: string[], options?: ExecuteOptions): Promise<QueryResult[]> => (sent.push(...texts), inner.executeEach!(texts, options));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  });
  after(async () => {
    await wh.dispose();
  });

  const build = async (hints: RelationHints, name: string, schema: string, sql: string, materialized = 'table') => {
    sent = [];
    const node = makeNode(wh.database, { name, schema, compiled_code: sql, config: { materialized } });
    const result = await materializeNode(makeContext(adapter, node, { relationHints: hints }));
    assert.equal(result.status, 'success', result.message);
    return { result, text: sent.join(';\n') };
  };
  const drops = (text: string): string[] => [...text.matchAll(/drop (?:table|view) if exists "[^"]+"\."[^"]+"\."([^"]+)"/g)].map((m) => m[1]!);

  it('sends no drop into an empty schema, and takes the row count from the create itself', async () => {
    const hints = new RelationHints(adapter);
    const { result, text } = await build(hints, 'orders', 'fresh', 'select * from range(5)');
    assert.deepEqual(drops(text), []);
    assert.doesNotMatch(text, /select count\(\*\)/);
    assert.equal(result.rowsAffected, 5);
    assert.deepEqual(await wh.rows('select count(*)::int as n from fresh.orders'), [{ n: 5 }]);
  });

  it('drops the old relation on a rebuild, and what a killed run left, as the listing shows them', async () => {
    await wh.adapter.execute('create schema rebuilt');
    await wh.adapter.execute('create table rebuilt.ledger__dbt_tmp as select 1 as junk');
    await wh.adapter.execute('create table rebuilt.ledger__dbt_backup as select 1 as junk');
    const hints = new RelationHints(adapter);
    const first = await build(hints, 'ledger', 'rebuilt', 'select 1 as entry');
    assert.deepEqual(drops(first.text), ['ledger__dbt_tmp', 'ledger__dbt_backup']);
    // The first build's own relation is known to the same invocation without a second listing.
    const second = await build(hints, 'ledger', 'rebuilt', 'select 2 as entry');
    assert.deepEqual(drops(second.text), ['ledger']);
    assert.doesNotMatch(second.text, /information_schema|duckdb_tables/);
    assert.deepEqual(await wh.rows('select * from rebuilt.ledger'), [{ entry: 2 }]);
    assert.deepEqual(await wh.rows("select table_name from information_schema.tables where table_schema = 'rebuilt' order by 1"), [{ table_name: 'ledger' }]);
  });

  it('replaces a table by a view in one batch, dropping the old relation by its own type', async () => {
    const hints = new RelationHints(adapter);
    await build(hints, 'switching', 'switch', 'select 1 as id');
    const { text } = await build(hints, 'switching', 'switch', 'select 2 as id', 'view');
    assert.match(text, /drop table if exists "[^"]+"\."switch"\."switching"/);
    assert.equal(sent.filter((s) => /create view/.test(s)).length, 1, 'no second attempt');
    assert.deepEqual(await wh.rows("select table_type from information_schema.tables where table_schema = 'switch' and table_name = 'switching'"), [{ table_type: 'VIEW' }]);
  });

  it('builds correctly when the listing is out of date: the batch is refused and the step-by-step path runs', async () => {
    const hints = new RelationHints(adapter);
    await build(hints, 'first', 'stale', 'select 1 as id');
    // Made behind the listing's back, as a hook or run_query could.
    await wh.adapter.execute('create table stale.sneaky as select 0 as id');
    const { text } = await build(hints, 'sneaky', 'stale', 'select 9 as id');
    assert.ok(sent.filter((s) => /create\s+table/.test(s)).length >= 2, 'the one-call build was tried first');
    assert.match(text, /drop table if exists "[^"]+"\."stale"\."sneaky"/);
    assert.deepEqual(await wh.rows('select * from stale.sneaky'), [{ id: 9 }]);
  });
});
