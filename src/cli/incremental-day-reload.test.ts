// A (non-microbatch) incremental model reloaded day by day over a date range, as a dbt user
// does with one `dbt run --vars` per day: each day committed on its own, a failing day kept
// apart from the days before it, and retry resuming from the failed day.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';
import { readArtifact } from './test-helpers.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: events
        config:
          external_location: 'data/events.csv'
`;

// The reload's day comes in through vars; fail_day makes that one day fail on purpose.
const MODEL = `{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='id') }}
select id, cast(day as date) as day, cast(amount as integer) as amount,
  {% if var('fail_day', none) and var('fail_day', none) == var('event_time_start', none) %} cast('boom' as integer) {% else %} 0 {% endif %} as broken
from {{ source('raw', 'events') }}
{% if var('event_time_start', none) %}
where cast(day as date) >= '{{ var("event_time_start") }}' and cast(day as date) < '{{ var("event_time_end") }}'
{% endif %}
`;

/** One row per id: `[id, day, amount]`; ids 6 and 7 appear only in later inputs. */
type Row = [number, string, number];
const input = (rows: Row[]) => csv('id,day,amount', ...rows);
const v1: Row[] = [
  [1, '2024-01-01', 10],
  [2, '2024-01-02', 20],
  [3, '2024-01-03', 30],
  [4, '2024-01-04', 40],
  [5, '2024-01-05', 50],
];
// Every day changes, and day 3 gains a row; only the reloaded days may pick that up.
const v2: Row[] = [
  [1, '2024-01-01', 11],
  [2, '2024-01-02', 21],
  [3, '2024-01-03', 31],
  [6, '2024-01-03', 61],
  [4, '2024-01-04', 41],
  [5, '2024-01-05', 51],
];
const v3: Row[] = v2.map(([id, day, amount]) => [id, day, amount + 1]);

interface RunResults {
  results: { unique_id: string; status: string; message: string | null; batch_results: { successful: [string, string][]; failed: [string, string][] } | null }[];
}

describe('day-by-day reloads of an incremental model', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({ 'models/sources.yml': SOURCES, 'models/fact_events.sql': MODEL, 'data/events.csv': input(v1) });
  });
  after(async () => {
    await p.dispose();
  });

  const contents = async () => p.rows("select id, strftime(day, '%Y-%m-%d'), amount from main.fact_events order by id");
  const result = () => readArtifact<RunResults>(p.dir, 'run_results.json').results.find((r) => r.unique_id === 'model.scenario.fact_events')!;

  test('without a date range the model builds in one run, unfiltered', async () => {
    await p.ok('build');
    assert.deepEqual(await contents(), v1);
  });

  test('--event-time-start/--event-time-end reload only the days in the range, one day at a time', async () => {
    p.write('data/events.csv', input(v2));
    const run = await p.ok('build', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-05');
    assert.match(run.out, /Day 1 of 3 START 2024-01-02 of main\.fact_events/);
    assert.match(run.out, /Day 2 of 3 OK 2024-01-03 of main\.fact_events .*\[INSERT 2 in/);
    assert.match(run.out, /Day 3 of 3 OK 2024-01-04 of main\.fact_events/);
    assert.deepEqual(await contents(), [
      [1, '2024-01-01', 10],
      [2, '2024-01-02', 21],
      [3, '2024-01-03', 31],
      [4, '2024-01-04', 41],
      [5, '2024-01-05', 50],
      [6, '2024-01-03', 61],
    ]);
    const r = result();
    assert.equal(r.status, 'success');
    assert.deepEqual(r.batch_results, {
      successful: [
        ['2024-01-02', '2024-01-03'],
        ['2024-01-03', '2024-01-04'],
        ['2024-01-04', '2024-01-05'],
      ],
      failed: [],
    });
  });

  test('a failing day is retried once and reported; the days before it stay committed, later days do not run', async () => {
    p.write('data/events.csv', input(v3));
    const run = await p.run('build', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-05', '--vars', "{fail_day: '2024-01-03'}");
    assert.equal(run.code, 1);
    const text = `${run.out}\n${run.err}`;
    assert.match(text, /Day 2 of 3 ERROR 2024-01-03 of main\.fact_events after 2 attempts/);
    assert.doesNotMatch(text, /Day 3 of 3 START/);
    assert.deepEqual(await contents(), [
      [1, '2024-01-01', 10],
      [2, '2024-01-02', 22],
      [3, '2024-01-03', 31],
      [4, '2024-01-04', 41],
      [5, '2024-01-05', 50],
      [6, '2024-01-03', 61],
    ]);
    const r = result();
    assert.equal(r.status, 'error');
    assert.match(r.message ?? '', /Day 2024-01-03 failed after 2 attempts/);
    assert.deepEqual(r.batch_results, {
      successful: [['2024-01-02', '2024-01-03']],
      failed: [
        ['2024-01-03', '2024-01-04'],
        ['2024-01-04', '2024-01-05'],
      ],
    });
  });

  test('retry resumes from the failed day and keeps what was committed', async () => {
    // retry reuses the failed build's vars, as dbt does: new vars clear the injected failure.
    const run = await p.ok('retry', '--vars', '{fail_day: none}');
    assert.match(run.out, /Day 1 of 2 START 2024-01-03 of main\.fact_events/);
    assert.match(run.out, /Day 2 of 2 OK 2024-01-04 of main\.fact_events/);
    assert.deepEqual(await contents(), [
      [1, '2024-01-01', 10],
      [2, '2024-01-02', 22],
      [3, '2024-01-03', 32],
      [4, '2024-01-04', 42],
      [5, '2024-01-05', 50],
      [6, '2024-01-03', 62],
    ]);
    assert.equal(result().status, 'success');
  });

  test('a full-refresh reload rebuilds the table from the first day of the range', async () => {
    await p.ok('build', '--full-refresh', '--event-time-start', '2024-01-03', '--event-time-end', '2024-01-05');
    assert.deepEqual(await contents(), [
      [3, '2024-01-03', 32],
      [4, '2024-01-04', 42],
      [6, '2024-01-03', 62],
    ]);
  });
});

// A model that names neither day var cannot filter by day: under a date range it runs once,
// as dbt runs every incremental model but microbatch ones, while a sibling whose macro reads
// the vars still reloads day by day.
describe('--event-time-start/--event-time-end with incremental models that ignore the day vars', () => {
  let p: ScenarioProject;
  const APPEND = `{{ config(materialized='incremental') }}
select id, cast(day as date) as day from {{ source('raw', 'events') }}
`;
  const MACRO = `{% macro only_the_day(col) %}{% if var('event_time_start', none) %}where {{ col }} >= '{{ var("event_time_start") }}' and {{ col }} < '{{ var("event_time_end") }}'{% endif %}{% endmacro %}`;
  const VIA_MACRO = `{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='id') }}
select id, cast(day as date) as day from {{ source('raw', 'events') }} {{ only_the_day('cast(day as date)') }}
`;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'models/plays_appended.sql': APPEND,
      'models/plays_by_day.sql': VIA_MACRO,
      'macros/only_the_day.sql': MACRO,
      'data/events.csv': input(v1),
    });
  });
  after(async () => {
    await p.dispose();
  });

  test('the append model is written once; the macro-filtered model reloads each day', async () => {
    await p.ok('build');
    const run = await p.ok('build', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-04');
    assert.doesNotMatch(run.out, /Day \d of \d START \S+ of main\.plays_appended/);
    assert.match(run.out, /Day 2 of 2 OK 2024-01-03 of main\.plays_by_day/);
    assert.deepEqual(await p.rows('select id, count(*)::int from main.plays_appended group by id order by id'), [
      [1, 2],
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 2],
    ]);
    assert.equal((await p.rows('select count(*)::int from main.plays_by_day'))[0]?.[0], 5);
  });
});
