import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';
import type { ColumnDef } from '../project/types.js';

const col = (name: string, data_type: string, constraints: unknown[] = []): ColumnDef => ({ name, description: '', data_type, meta: {}, tags: [], constraints });

describe('contract constraints', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
    await wh.adapter.execute('create table main.channels (channel_id integer primary key, title varchar)');
    await wh.adapter.execute("insert into main.channels values (7, 'speedruns'), (8, 'chess')");
  });
  after(async () => {
    await wh.dispose();
  });

  // The run layer renders `to:` in the model's context; here a fixed answer stands in for ref().
  const resolveRef = (jinja: string) => (jinja.includes("ref('channels')") ? '"main"."channels"' : jinja);

  it('writes a column foreign key from to/to_columns, and the warehouse enforces it', async () => {
    const node = makeNode(wh.database, {
      name: 'streams',
      compiled_code: 'select 1 as stream_id, 7 as channel_id',
      config: { materialized: 'table', contract: { enforced: true } },
      columns: {
        stream_id: col('stream_id', 'integer', [{ type: 'not_null' }, { type: 'primary_key' }]),
        channel_id: col('channel_id', 'integer', [{ type: 'foreign_key', to: "ref('channels')", to_columns: ['channel_id'] }]),
      },
    });
    const ok = await materializeNode(makeContext(wh.adapter, node, { renderHook: resolveRef }));
    assert.equal(ok.status, 'success', ok.message);
    assert.ok(ok.executedSql.some((s) => s.includes('\n  channel_id integer references "main"."channels" (channel_id)')));

    node.name = node.alias = 'orphan_streams';
    node.compiled_code = 'select 2 as stream_id, 99 as channel_id';
    const orphan = await materializeNode(makeContext(wh.adapter, node, { renderHook: resolveRef }));
    assert.equal(orphan.status, 'error');
    assert.match(orphan.message, /foreign key/i);
  });

  it('writes model-level check, primary key, named unique and foreign key constraints', async () => {
    const node = makeNode(wh.database, {
      name: 'schedule',
      compiled_code: "select 1 as slot, 8 as channel_id, 'mon' as day_name",
      config: { materialized: 'table', contract: { enforced: true } },
      columns: { slot: col('slot', 'integer', [{ type: 'not_null' }]), channel_id: col('channel_id', 'integer'), day_name: col('day_name', 'varchar') },
      constraints: [
        { type: 'check', expression: 'slot between 1 and 24' },
        { type: 'primary_key', columns: ['slot'] },
        { type: 'unique', columns: ['channel_id', 'day_name'], name: 'one_slot_a_day' },
        { type: 'foreign_key', columns: ['channel_id'], expression: 'main.channels (channel_id)' },
      ],
    });
    const ok = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(ok.status, 'success', ok.message);
    const create = ok.executedSql.find((s) => s.startsWith('create table'))!;
    assert.match(create, /check \(slot between 1 and 24\),\n {2}primary key \(slot\),\n {2}constraint one_slot_a_day unique \(channel_id, day_name\),\n {2}foreign key \(channel_id\) references main\.channels \(channel_id\)\n\)/);

    node.compiled_code = "select 30 as slot, 8 as channel_id, 'tue' as day_name";
    const failed = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(failed.status, 'error');
    assert.match(failed.message, /CHECK constraint failed/i);
    assert.deepEqual(await wh.rows('select slot from main.schedule'), [{ slot: 1 }]);
  });

  it("renders constraints as dbt-duckdb does: a column constraint's name is left out, expressions follow their keyword", async () => {
    const node = makeNode(wh.database, {
      name: 'slots',
      compiled_code: 'select 1 as slot, 2 as seat',
      config: { materialized: 'table', contract: { enforced: true } },
      columns: {
        slot: col('slot', 'integer', [{ type: 'check', name: 'slot_positive', expression: 'slot > 0' }, { type: 'not_null', name: 'slot_required' }]),
        seat: col('seat', 'integer'),
      },
      constraints: [{ type: 'unique', name: 'one_seat', columns: ['slot', 'seat'] }],
    });
    const ok = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(ok.status, 'success', ok.message);
    const create = ok.executedSql.find((sql) => sql.startsWith('create table'))!;
    assert.match(create, /\n {2}slot integer check \(slot > 0\) not null,\n {2}seat integer,\n {2}constraint one_seat unique \(slot, seat\)\n\)/);
  });

  it('writes column names as declared, quoted only with quote: true, so a keyword name fails without it as in dbt', async () => {
    const node = makeNode(wh.database, {
      name: 'bookings',
      compiled_code: 'select 1 as "order", 2 as "Seat Count"',
      config: { materialized: 'table', contract: { enforced: true } },
      columns: { order: col('order', 'integer'), 'Seat Count': { ...col('Seat Count', 'integer'), quote: true } },
    });
    const failed = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(failed.status, 'error');
    assert.match(failed.message, /syntax error at or near "order"/);

    node.columns['order'] = { ...col('order', 'integer'), quote: true };
    const ok = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(ok.status, 'success', ok.message);
    const create = ok.executedSql.find((sql) => sql.startsWith('create table'))!;
    assert.match(create, /\n {2}"order" integer,\n {2}"Seat Count" integer\n\)/);
    assert.deepEqual(await wh.rows('select "order", "Seat Count" from main.bookings'), [{ order: 1, 'Seat Count': 2 }]);
  });

  it('checks a view against its contract, naming the columns that differ', async () => {
    const node = makeNode(wh.database, {
      name: 'channel_names',
      compiled_code: 'select channel_id, title as name from main.channels',
      config: { materialized: 'view', contract: { enforced: true } },
      columns: { channel_id: col('channel_id', 'integer'), title: col('title', 'varchar') },
    });
    const bad = await contractFailure(materializeNode(makeContext(wh.adapter, node)));
    assert.match(bad, /\| title +\| +\| VARCHAR +\| missing in definition/);
    assert.match(bad, /\| name +\| VARCHAR +\| +\| missing in contract/);

    node.compiled_code = 'select channel_id, title from main.channels';
    const good = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(good.status, 'success', good.message);
    assert.equal((await wh.rows('select count(*)::int as n from main.channel_names'))[0]?.['n'], 2);
  });
  it('checks the contract on an incremental run too, leaving the table untouched when the query drifted', async () => {
    const node = makeNode(wh.database, {
      name: 'viewer_counts',
      compiled_code: "select 'speedruns' as channel_title",
      config: { materialized: 'incremental', on_schema_change: 'append_new_columns', contract: { enforced: true } },
      columns: { channel_title: col('channel_title', 'varchar') },
    });
    const first = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(first.status, 'success', first.message);

    node.compiled_code = 'select 42 as viewer_total';
    const drifted = await contractFailure(materializeNode(makeContext(wh.adapter, node)));
    assert.match(drifted, /\| viewer_total +\| INTEGER +\| +\| missing in contract/);
    assert.deepEqual(await wh.rows('select * from main.viewer_counts'), [{ channel_title: 'speedruns' }]);
  });
  it('names the columns without a data_type as a list, before running anything', async () => {
    const node = makeNode(wh.database, {
      name: 'untyped_channels',
      compiled_code: 'select 1 as channel_id, 2 as viewers, 3 as likes',
      config: { materialized: 'table', contract: { enforced: true } },
      columns: { channel_id: col('channel_id', 'integer'), viewers: col('viewers', ''), likes: col('likes', '') },
    });
    const result = await contractFailure(materializeNode(makeContext(wh.adapter, node)));
    assert.match(result, /defined within the YAML configuration for the \['viewers', 'likes'\] column\(s\)\./);
  });
});

// A failed contract check is the model's compilation error: the build throws it as a diagnostic.
async function contractFailure(build: Promise<unknown>): Promise<string> {
  try {
    await build;
  } catch (error) {
    const diagnostic = (error as { diagnostic?: { code: string; message: string } }).diagnostic;
    assert.equal(diagnostic?.code, 'contract-error');
    return diagnostic.message;
  }
  assert.fail('the contract check passed');
}
