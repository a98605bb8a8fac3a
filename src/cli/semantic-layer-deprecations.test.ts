// End to end: the deprecations dbt reports while validating a semantic layer (metrics and
// semantic models both present). A daily time spine that is the legacy metricflow_time_spine
// model (no `time_spine:` YAML) warns as MFTimespineWithoutYamlConfigurationDeprecation unless a
// YAML time spine covers the day grain or require_yaml_configuration_for_mf_time_spines is on;
// cumulative window/grain_to_date directly under type_params warn as
// MFCumulativeTypeParamsDeprecation, an error with require_nested_cumulative_type_params.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

const NOTICE = /Time spines without YAML configuration are in the process of deprecation\. Please add YAML configuration for your 'metricflow_time_spine' model\./u;

const SEMANTIC = `semantic_models:
  - name: screenings
    model: ref('screenings')
    defaults:
      agg_time_dimension: shown_on
    entities:
      - name: screening
        type: primary
        expr: screening_id
    dimensions:
      - name: shown_on
        type: time
        type_params:
          time_granularity: day
    measures:
      - name: seats_sold
        agg: sum
metrics:
  - name: total_seats_sold
    label: Seats sold
    type: simple
    type_params:
      measure: seats_sold
`;

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-legacy-spine-'));
  writeProjectFile(dir, 'profiles.yml', 'odeon:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: odeon.duckdb\n');
  writeProjectFile(dir, 'models/screenings.sql', "select 1 as screening_id, date '2025-05-01' as shown_on, 120 as seats_sold\n");
  writeProjectFile(dir, 'models/metricflow_time_spine.sql', "select cast(range as date) as date_day from range(date '2025-01-01', date '2026-01-01', interval 1 day)\n");
  writeProjectFile(dir, 'models/semantic.yml', SEMANTIC);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parse(project: string, ...args: string[]) {
  writeProjectFile(dir, 'dbt_project.yml', project);
  return runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, ...args]);
}

test('metrics on a legacy metricflow_time_spine model warn once that time spines need YAML configuration', async () => {
  const run = await parse('name: odeon\nprofile: odeon\n');
  assert.equal(run.code, 0, run.err);
  const out = run.out + run.err;
  assert.match(out, NOTICE);
  assert.equal(out.split('Time spines without YAML configuration').length - 1, 1);
  assert.match(out, /metricflow_time_spine\.sql/u);
});

test('the legacy time spine deprecation is an error under --warn-error-options naming it', async () => {
  const run = await parse('name: odeon\nprofile: odeon\n', '--warn-error-options', '{"error": ["MFTimespineWithoutYamlConfigurationDeprecation"]}');
  assert.notEqual(run.code, 0);
  assert.match(run.out + run.err, NOTICE);
});

test('require_yaml_configuration_for_mf_time_spines: true leaves the deprecation out', async () => {
  const run = await parse('name: odeon\nprofile: odeon\nflags:\n  require_yaml_configuration_for_mf_time_spines: true\n');
  assert.equal(run.code, 0, run.err);
  assert.doesNotMatch(run.out + run.err, NOTICE);
});

test('a YAML time spine at the day grain leaves the deprecation out', async () => {
  writeProjectFile(dir, 'models/spine.yml', 'models:\n  - name: metricflow_time_spine\n    time_spine:\n      standard_granularity_column: date_day\n    columns:\n      - name: date_day\n        granularity: day\n');
  try {
    const run = await parse('name: odeon\nprofile: odeon\n');
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(run.out + run.err, NOTICE);
  } finally {
    await rm(join(dir, 'models/spine.yml'));
  }
});

test('a metricflow_time_spine model declared in YAML at a grain other than day still warns, as dbt finds the legacy spine by name', async () => {
  writeProjectFile(dir, 'models/spine.yml', 'models:\n  - name: metricflow_time_spine\n    time_spine:\n      standard_granularity_column: date_day\n    columns:\n      - name: date_day\n        granularity: hour\n');
  try {
    const run = await parse('name: odeon\nprofile: odeon\n');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out + run.err, NOTICE);
  } finally {
    await rm(join(dir, 'models/spine.yml'));
  }
});

test('semantic models without metrics are not validated, so the legacy time spine does not warn', async () => {
  writeProjectFile(dir, 'models/semantic.yml', SEMANTIC.slice(0, SEMANTIC.indexOf('metrics:')));
  try {
    const run = await parse('name: odeon\nprofile: odeon\n');
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(run.out + run.err, NOTICE);
  } finally {
    writeProjectFile(dir, 'models/semantic.yml', SEMANTIC);
  }
});

const CUMULATIVE = /Cumulative fields `type_params\.window` and `type_params\.grain_to_date` has been moved and will soon be deprecated\./u;

async function withMetrics(metrics: string, run: () => Promise<void>): Promise<void> {
  writeProjectFile(dir, 'models/more_metrics.yml', `metrics:\n${metrics}`);
  try {
    await run();
  } finally {
    await rm(join(dir, 'models/more_metrics.yml'));
  }
}

const OLD_WINDOW = '  - name: seats_sold_7d\n    label: Seats sold 7d\n    type: cumulative\n    type_params:\n      measure: seats_sold\n      window: 7 days\n';

test('a cumulative metric with window: directly under type_params warns that it belongs under cumulative_type_params', async () => {
  await withMetrics(OLD_WINDOW, async () => {
    const run = await parse('name: odeon\nprofile: odeon\n');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out + run.err, CUMULATIVE);
    assert.match(run.out + run.err, /seats_sold_7d/u);
  });
});

test('require_nested_cumulative_type_params: true makes an un-nested window a parse error naming the metric', async () => {
  await withMetrics(OLD_WINDOW, async () => {
    const run = await parse('name: odeon\nprofile: odeon\nflags:\n  require_nested_cumulative_type_params: true\n');
    assert.notEqual(run.code, 0);
    assert.match(run.out + run.err, /should be nested under `type_params\.cumulative_type_params\.window`.*Invalid metrics: seats_sold_7d\./u);
  });
});

test('a window nested under cumulative_type_params does not warn', async () => {
  await withMetrics('  - name: seats_sold_7d\n    label: Seats sold 7d\n    type: cumulative\n    type_params:\n      measure: seats_sold\n      cumulative_type_params:\n        window: 7 days\n', async () => {
    const run = await parse('name: odeon\nprofile: odeon\n');
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(run.out + run.err, CUMULATIVE);
  });
});
