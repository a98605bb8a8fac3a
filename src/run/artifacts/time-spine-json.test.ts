import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject } from '../../project/load/index.js';
import { CLEAN_ENV, writeProject } from '../../project/load/test-project.js';
import { toManifestJson } from './manifest-json.js';
import { loadSchemaValidator } from './schema-validator.js';

const validate = loadSchemaValidator('manifest/v12.json');
type Json = Record<string, any>;

test("a time spine model's time_spine and its columns' granularity are written as dbt's ModelNode has them", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: almanac\nprofile: almanac\n',
    'models/calendar_days.sql': "select date '2025-03-01' as cal_date, 'spring' as season",
    'models/harvests.sql': 'select 1 as harvest_id',
    'models/props.yml': `models:
  - name: calendar_days
    time_spine:
      standard_granularity_column: cal_date
      custom_granularities:
        - name: season
        - name: growing_season
          column_name: season
    columns:
      - name: cal_date
        granularity: day
      - name: season
  - name: harvests
`,
  });
  try {
    const json = toManifestJson((await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest) as Json;
    const result = validate(json);
    assert.ok(result.valid, result.errors);
    const spine = json.nodes['model.almanac.calendar_days'];
    assert.deepEqual(spine.time_spine, {
      standard_granularity_column: 'cal_date',
      custom_granularities: [{ name: 'season', column_name: null }, { name: 'growing_season', column_name: 'season' }],
    });
    assert.equal(spine.columns.cal_date.granularity, 'day');
    assert.equal(spine.columns.season.granularity, null);
    assert.equal(json.nodes['model.almanac.harvests'].time_spine, null);
  } finally {
    await p.cleanup();
  }
});
