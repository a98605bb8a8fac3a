import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchKey, ceilTime, microbatchBatches, offsetTime, truncateTime, type Batch } from './microbatch-batches.js';

const utc = (s: string) => new Date(`${s}Z`);
const show = (batches: Batch[]) => batches.map((b) => `${b.start.toISOString().slice(0, 16)}..${b.end.toISOString().slice(0, 16)}`);

describe('microbatch batches', () => {
  it('truncates, offsets and ceils in UTC for every batch size', () => {
    const t = utc('2024-03-31T13:45:10');
    assert.equal(truncateTime(t, 'hour').toISOString(), '2024-03-31T13:00:00.000Z');
    assert.equal(truncateTime(t, 'day').toISOString(), '2024-03-31T00:00:00.000Z');
    assert.equal(truncateTime(t, 'month').toISOString(), '2024-03-01T00:00:00.000Z');
    assert.equal(truncateTime(t, 'year').toISOString(), '2024-01-01T00:00:00.000Z');
    assert.equal(offsetTime(utc('2024-01-01T00:00:00'), 'month', 1).toISOString(), '2024-02-01T00:00:00.000Z');
    assert.equal(offsetTime(utc('2024-03-01T00:00:00'), 'month', -1).toISOString(), '2024-02-01T00:00:00.000Z');
    assert.equal(ceilTime(utc('2024-03-01T00:00:00'), 'day').toISOString(), '2024-03-01T00:00:00.000Z');
    assert.equal(ceilTime(utc('2024-03-01T00:00:01'), 'day').toISOString(), '2024-03-02T00:00:00.000Z');
  });

  it('an incremental run reprocesses the current batch and `lookback` batches before it', () => {
    const now = utc('2024-05-10T13:20:00');
    assert.deepEqual(show(microbatchBatches({ batchSize: 'day', now, incremental: true })), ['2024-05-09T00:00..2024-05-10T00:00', '2024-05-10T00:00..2024-05-11T00:00']);
    assert.deepEqual(show(microbatchBatches({ batchSize: 'day', now, incremental: true, lookback: 0 })), ['2024-05-10T00:00..2024-05-11T00:00']);
    assert.equal(microbatchBatches({ batchSize: 'hour', now, incremental: true, lookback: 3 }).length, 4);
  });

  it('a first build starts at begin, floored', () => {
    const batches = microbatchBatches({ batchSize: 'month', now: utc('2024-03-15T00:00:00'), begin: utc('2023-12-20T00:00:00'), incremental: false });
    assert.deepEqual(show(batches), [
      '2023-12-01T00:00..2024-01-01T00:00',
      '2024-01-01T00:00..2024-02-01T00:00',
      '2024-02-01T00:00..2024-03-01T00:00',
      '2024-03-01T00:00..2024-04-01T00:00',
    ]);
    assert.throws(() => microbatchBatches({ batchSize: 'day', now: utc('2024-03-15T00:00:00'), incremental: false }), /begin/u);
  });

  it('a begin after the run gives one batch from begin to the end of the current batch, as dbt builds at least one', () => {
    const batches = microbatchBatches({ batchSize: 'day', now: utc('2024-03-15T10:00:00'), begin: utc('2099-01-01T00:00:00'), incremental: false });
    assert.deepEqual(show(batches), ['2099-01-01T00:00..2024-03-16T00:00']);
    assert.deepEqual(batchKey(batches[0]!), ['2099-01-01T00:00:00+00:00', '2024-03-16T00:00:00+00:00']);
  });

  it('--event-time-start/--event-time-end choose the range regardless of begin and lookback', () => {
    const batches = microbatchBatches({
      batchSize: 'day',
      now: utc('2024-06-01T00:00:00'),
      begin: utc('2020-01-01T00:00:00'),
      lookback: 5,
      eventTimeStart: utc('2024-01-01T10:00:00'),
      eventTimeEnd: utc('2024-01-03T00:00:00'),
      incremental: true,
    });
    assert.deepEqual(show(batches), ['2024-01-01T00:00..2024-01-02T00:00', '2024-01-02T00:00..2024-01-03T00:00']);
    const partial = microbatchBatches({ batchSize: 'day', now: utc('2024-06-01T00:00:00'), eventTimeStart: utc('2024-01-01T00:00:00'), eventTimeEnd: utc('2024-01-02T06:00:00'), incremental: false });
    assert.equal(partial.length, 2, 'an end inside a day includes that day');
  });

  it("records a batch's bounds in run results as dbt serializes a UTC datetime (isoformat, +00:00)", () => {
    assert.deepEqual(batchKey({ start: utc('2024-01-01T00:00:00'), end: utc('2024-01-02T00:00:00') }), ['2024-01-01T00:00:00+00:00', '2024-01-02T00:00:00+00:00']);
    assert.deepEqual(batchKey({ start: utc('2024-01-01T05:00:00'), end: utc('2024-01-01T05:30:00.250') }), ['2024-01-01T05:00:00+00:00', '2024-01-01T05:30:00.250000+00:00']);
  });
});
