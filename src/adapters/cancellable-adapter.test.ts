import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isReelhouseError } from '../core/diagnostic.js';
import { cancellableAdapter } from './cancellable-adapter.js';
import { openTestWarehouse } from './duckdb/test-warehouse.js';

// n x n rows through a filter: hours of work unless interrupted.
const SLOW = 'select count(*) from range(100000) a(x), range(100000) b(y) where (a.x * 7 + b.y) % 1000003 = 1';

test('cancelling interrupts a running transaction (the old table stays), refuses later calls, and leaves readers and other commands alone', async (t) => {
  const warehouse = await openTestWarehouse();
  t.after(() => warehouse.dispose());
  const db = warehouse.adapter;
  await db.execute('create table main.kept as select 42 as answer');

  const controller = new AbortController();
  const cancellable = cancellableAdapter(db, controller.signal);
  const started = Date.now();
  const rebuild = cancellable.transaction(async (session) => {
    await cancellable.execute('drop table main.kept', { session });
    await cancellable.execute(`create table main.kept as ${SLOW}`, { session });
  });
  const outcome = rebuild.then(
    () => 'finished',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  await new Promise((r) => setTimeout(r, 500));
  // A reader started during the build answers from its snapshot.
  assert.deepEqual((await db.execute('select answer from main.kept', { session: 'reader' })).rows, [[42]]);
  controller.abort(new Error('the step build timed out after 1s'));
  assert.match(await outcome, /INTERRUPT/);
  assert.ok(Date.now() - started < 5_000, `stopped ${Date.now() - started}ms after it started`);

  assert.deepEqual((await db.execute('select answer from main.kept')).rows, [[42]], 'the rolled-back rebuild left the old table');
  await assert.rejects(cancellable.execute('select 1'), (error: unknown) => {
    assert.ok(isReelhouseError(error));
    assert.equal(error.diagnostic.code, 'cancelled');
    assert.equal(error.diagnostic.message, 'Cancelled: the step build timed out after 1s');
    return true;
  });
  assert.throws(() => cancellable.executeSync('select 1'), /Cancelled: the step build timed out/);
  // The adapter underneath serves the next command as before.
  assert.deepEqual((await cancellableAdapter(db, new AbortController().signal).execute('select 1 + 1')).rows, [[2]]);
});
