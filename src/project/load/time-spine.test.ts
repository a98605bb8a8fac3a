import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

type Located = Error & { diagnostic?: { code: string; location?: { file: string; line?: number } } };

async function spineError(columns: string): Promise<Located> {
  const p = await writeProject({
    'dbt_project.yml': 'name: almanac\nprofile: almanac\n',
    'models/calendar_days.sql': "select date '2025-03-01' as cal_date",
    'models/props.yml': `models:\n  - name: calendar_days\n    time_spine:\n      standard_granularity_column: cal_date\n${columns}`,
  });
  try {
    let caught: Located | undefined;
    await loadProject({ projectDir: p.dir, env: CLEAN_ENV }).catch((e: Located) => { caught = e; });
    assert.ok(caught, 'the project loaded');
    assert.equal(caught.diagnostic?.location?.file, join(p.dir, 'models/props.yml'));
    assert.equal(caught.diagnostic?.location?.line, 3);
    return caught;
  } finally {
    await p.cleanup();
  }
}

test("a time spine's standard granularity column must be one of the model's columns", async () => {
  const e = await spineError('    columns:\n      - name: season\n');
  assert.equal(e.diagnostic?.code, 'time-spine-invalid');
  assert.match(e.message, /^Time spine standard granularity column must be defined on the model\. Got invalid column name 'cal_date' for model 'calendar_days'\. Valid names: \['season'\]\./);
});

test("a time spine's standard granularity column must say its granularity", async () => {
  const e = await spineError('    columns:\n      - name: cal_date\n');
  assert.equal(e.diagnostic?.code, 'time-spine-invalid');
  assert.match(e.message, /^Time spine standard granularity column must have a granularity defined\. Please add one for column 'cal_date' in model 'calendar_days'\./);
});

test('a time spine with a granular standard column loads', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: almanac\nprofile: almanac\n',
    'models/calendar_days.sql': "select date '2025-03-01' as cal_date",
    'models/props.yml': 'models:\n  - name: calendar_days\n    time_spine:\n      standard_granularity_column: cal_date\n    columns:\n      - name: cal_date\n        granularity: day\n',
  });
  try {
    const node = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.almanac.calendar_days'];
    assert.deepEqual(node?.time_spine, { standard_granularity_column: 'cal_date', custom_granularities: [] });
    assert.equal(node?.columns['cal_date']?.granularity, 'day');
  } finally {
    await p.cleanup();
  }
});

test("a time spine's custom granularities must name columns of the model", async () => {
  const e = await spineError('      custom_granularities:\n        - name: fiscal_year\n        - {name: retail_month, column_name: retail_col}\n    columns:\n      - name: cal_date\n        granularity: day\n');
  assert.equal(e.diagnostic?.code, 'time-spine-invalid');
  assert.equal(e.message, "Time spine custom granularity columns do not exist in the model. Columns not found: ['fiscal_year', 'retail_col']; Available columns: ['cal_date']");
});

test("a column's granularity must be one of dbt's time granularities", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: almanac\nprofile: almanac\n',
    'models/calendar_days.sql': "select date '2025-03-01' as cal_date",
    'models/props.yml': 'models:\n  - name: calendar_days\n    columns:\n      - name: cal_date\n        granularity: daily\n',
  });
  try {
    const e = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV }).then(() => undefined, (err: Located) => err))!;
    assert.ok(e, 'the project loaded');
    assert.equal(e.message, "'daily' is not a valid TimeGranularity");
    assert.deepEqual(e.diagnostic?.location, { file: join(p.dir, 'models/props.yml'), line: 5 });
  } finally {
    await p.cleanup();
  }
});

test("with latest_version set, a time spine's standard column is looked up in the latest version's columns", async () => {
  const files = (column: string) => ({
    'dbt_project.yml': 'name: almanac\nprofile: almanac\n',
    'models/calendar_v1.sql': "select date '2025-03-01' as cal_date",
    'models/calendar_v2.sql': "select date '2025-03-01' as cal_day",
    'models/props.yml': `models:\n  - name: calendar\n    latest_version: 2\n    time_spine: {standard_granularity_column: ${column}}\n    columns: [{name: cal_date, granularity: day}]\n    versions:\n      - v: 1\n      - v: 2\n        columns: [{include: all}, {name: cal_day, granularity: day}]\n`,
  });
  const ok = await writeProject(files('cal_day'));
  try {
    const node = (await loadProject({ projectDir: ok.dir, env: CLEAN_ENV })).manifest.nodes['model.almanac.calendar.v2'];
    assert.equal(node?.time_spine?.standard_granularity_column, 'cal_day');
  } finally {
    await ok.cleanup();
  }
  const bad = await writeProject(files('cal_week'));
  try {
    const e = await loadProject({ projectDir: bad.dir, env: CLEAN_ENV }).then(() => undefined, (err: Located) => err);
    assert.match(e?.message ?? '', /Got invalid column name 'cal_week' for model 'calendar'\. Valid names for latest version: \['cal_date', 'cal_day'\]\./);
  } finally {
    await bad.cleanup();
  }
});
