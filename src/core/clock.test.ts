// The texts dbt's Python datetimes give, from clock readings with microseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochSeconds, isoNaive, isoUtc, msOfIso, nowMs, protoTimestamp, secondsBetween } from './clock.js';

const AT = Date.UTC(2024, 4, 1, 10, 0, 0, 123) + 0.456; // 2024-05-01T10:00:00.123456Z

test('artifact and node-event times are ISO 8601 to the microsecond, with and without a Z', () => {
  assert.equal(isoUtc(AT), '2024-05-01T10:00:00.123456Z');
  assert.equal(isoNaive(AT), '2024-05-01T10:00:00.123456');
  assert.equal(isoUtc(Date.UTC(2024, 4, 1)), '2024-05-01T00:00:00.000000Z', 'six digits even when they are zeros');
  assert.equal(msOfIso('2024-05-01T10:00:00.123456Z'), AT);
  assert.equal(msOfIso('2024-05-01T10:00:00.123456'), AT);
});

test("a log event's ts is protobuf's Timestamp text: as few of 3, 6 or 9 digits as hold it", () => {
  assert.equal(protoTimestamp(AT), '2024-05-01T10:00:00.123456Z');
  assert.equal(protoTimestamp(Date.UTC(2024, 4, 1, 10, 0, 0, 120)), '2024-05-01T10:00:00.120Z');
  assert.equal(protoTimestamp(Date.UTC(2024, 4, 1, 10, 0, 0)), '2024-05-01T10:00:00Z');
});

test('created_at and durations are float seconds to the microsecond, as time.time() differences', () => {
  assert.equal(epochSeconds(AT), 1714557600.123456);
  assert.equal(secondsBetween(AT, AT + 1500.25), 1.50025);
  const a = nowMs();
  const b = nowMs();
  assert.ok(b >= a && Math.abs(a - Date.now()) < 1000, 'the high-resolution clock runs on the wall clock');
});

test('the clock stays on the wall clock when the system clock is stepped, as Python\'s does', () => {
  const wall = Date.now;
  try {
    for (const step of [5000, -5000]) {
      const stepped = wall();
      Date.now = () => wall() + step;
      const t = nowMs();
      assert.ok(Math.abs(t - (stepped + step)) < 50, `stepped by ${step} ms: ${t - stepped}`);
      for (let i = 0; i < 1000; i++) {
        const before = Date.now();
        const at = Math.floor(nowMs());
        assert.ok(before <= at && at <= Date.now(), 'within the wall clock\'s millisecond');
      }
    }
  } finally {
    Date.now = wall;
  }
});
