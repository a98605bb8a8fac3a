// tojson is json.dumps with no encoder of its own, as in dbt: a date, datetime or timedelta
// anywhere in the value is a TypeError (a Compilation Error), not its text; a value made of
// JSON's own types still serializes, and its `default` is no way around the TypeError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModel as render } from './testing/make-project.js';

test('tojson of a value holding a datetime, date or timedelta fails as json.dumps does', () => {
  assert.throws(() => render("{{ tojson({'at': run_started_at}) }}"), /Object of type datetime is not JSON serializable/);
  assert.throws(() => render("{{ tojson([1, {'day': modules.datetime.date(2024, 1, 2)}]) }}"), /Object of type date is not JSON serializable/);
  assert.throws(() => render("{{ tojson({'gap': modules.datetime.timedelta(days=1)}, default='x') }}"), /Object of type timedelta is not JSON serializable/);
  assert.equal(render("{{ tojson({'at': run_started_at.isoformat(), 'n': [1, none]}) }}"), '{"at": "2024-03-01T12:34:56.789000+00:00", "n": [1, null]}');
});
