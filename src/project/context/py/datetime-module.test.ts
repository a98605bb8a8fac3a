import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datetimeModule } from './datetime-module.js';
import { PyDatetime, UTC } from './datetime.js';

type Clock = { now: (...a: unknown[]) => PyDatetime; utcnow: () => PyDatetime; today: () => PyDatetime };

test('datetime.now() and utcnow() read the clock to the microsecond, as Python does', () => {
  const micros = Date.parse('2024-03-01T12:34:56.789Z') * 1000 + 123;
  const clock = datetimeModule(() => micros)['datetime'] as unknown as Clock;
  assert.equal(clock.utcnow().microsecond, 789123);
  assert.equal(String(clock.now(UTC)), '2024-03-01 12:34:56.789123+00:00');
  assert.equal(clock.now().microsecond, 789123);
  assert.equal(clock.today().microsecond, 789123);
});

test("without a clock given, now() takes the process clock's microseconds: not every reading ends in three zeros", () => {
  const clock = datetimeModule()['datetime'] as unknown as Clock;
  const readings: number[] = [];
  const until = Date.now() + 20;
  while (Date.now() < until) readings.push(clock.now().microsecond);
  assert.ok(readings.some((us) => us % 1000 !== 0), readings.slice(0, 10).join(' '));
});
