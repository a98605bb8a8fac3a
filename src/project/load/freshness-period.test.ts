// dbt validates a source's freshness thresholds when it reads the entry: a period is minute, hour or day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadError, type LoadError } from './test-project.js';

async function sourcesError(yaml: string): Promise<{ error?: LoadError; dir: string }> {
  return loadError({ 'dbt_project.yml': 'name: wharf\nprofile: wharf\n', 'models/sources.yml': yaml });
}

test("a source freshness period that is not minute, hour or day fails to parse with dbt's schema message", async () => {
  const { error, dir } = await sourcesError('sources:\n  - name: dock\n    loaded_at_field: landed_at\n    freshness:\n      warn_after:\n        count: 2\n        period: fortnight\n    tables:\n      - name: crates\n');
  assert.equal(
    error?.message,
    "Invalid sources config given in models/sources.yml @ sources: {'name': 'dock', 'loaded_at_field': 'landed_at', 'freshness': {'warn_after': {'count': 2, 'period': 'fortnight'}}, 'tables': [{'name': 'crates'}]} - at path ['freshness']['warn_after']['period']: 'fortnight' is not one of ['minute', 'hour', 'day']",
  );
  assert.deepEqual(error.diagnostic?.location, { file: join(dir, 'models/sources.yml'), line: 7 });
});

test("a source table's freshness period is checked too, at its path under tables", async () => {
  const { error } = await sourcesError('sources:\n  - name: dock\n    loaded_at_field: landed_at\n    tables:\n      - name: crates\n      - name: pallets\n        freshness: {error_after: {count: 1, period: weeks}}\n');
  assert.match(error?.message ?? '', / - at path \['tables'\]\[1\]\['freshness'\]\['error_after'\]\['period'\]: 'weeks' is not one of \['minute', 'hour', 'day'\]$/);
});

test('freshness periods of minute, hour and day load, as does a threshold without a period', async () => {
  const { error } = await sourcesError('sources:\n  - name: dock\n    loaded_at_field: landed_at\n    freshness: {warn_after: {count: 30, period: minute}, error_after: {count: 1, period: day}}\n    tables:\n      - name: crates\n        freshness: {warn_after: {count: 2, period: hour}, error_after: {count: 3}}\n');
  assert.equal(error, undefined);
});
