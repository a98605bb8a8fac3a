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
