// End to end: dbt checks each metrics: entry against UnparsedMetric's JSON schema, so a pre-1.6
// metric (type: count/ratio with model:, sql:, expression:), one without a label, or one with an
// unknown type_params key fails `parse` with dbt's YamlParseDictError wording (exit code 2).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

const SEMANTIC = `semantic_models:
  - name: matches
    model: ref('matches')
    defaults: {agg_time_dimension: matched_on}
    entities: [{name: match, type: primary, expr: match_id}]
    dimensions: [{name: matched_on, type: time, type_params: {time_granularity: day}}]
    measures: [{name: match_count, agg: count, expr: match_id}]
`;

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-metric-shape-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: funnel\nprofile: funnel\n');
  writeProjectFile(dir, 'profiles.yml', 'funnel:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: funnel.duckdb\n');
  writeProjectFile(dir, 'models/matches.sql', "select 1 as match_id, date '2025-05-01' as matched_on, 3 as reviewed_count\n");
  writeProjectFile(dir, 'models/metricflow_time_spine.sql', "select cast(range as date) as date_day from range(date '2025-01-01', date '2026-01-01', interval 1 day)\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parseWith(metrics: string) {
  writeProjectFile(dir, 'models/semantic.yml', `${SEMANTIC}metrics:\n${metrics}`);
  return runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
}

test('a pre-1.6 metric fails to parse on its unknown keys, named as jsonschema names them', async () => {
  const run = await parseWith(`  - name: review_rate
    label: Review rate
    type: ratio
    model: ref('matches')
    sql: "\${TABLE}.reviewed_count"
    expression: "SUM(reviewed_count)"
`);
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(
    run.out + run.err,
    /Invalid metrics config given in models\/semantic\.yml @ metrics: \{'name': 'review_rate', 'label': 'Review rate', 'type': 'ratio', 'model': "ref\('matches'\)", 'sql': '\$\{TABLE\}\.reviewed_count', 'expression': 'SUM\(reviewed_count\)'\} - at path \[\]: Additional properties are not allowed \('expression', 'model', 'sql' were unexpected\)/u,
  );
});

test('a metric without a label fails: label is required, as type and type_params are', async () => {
  const run = await parseWith('  - name: matches_total\n    type: simple\n    type_params: {measure: match_count}\n');
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(run.out + run.err, /- at path \[\]: 'label' is a required property/u);
  const untyped = await parseWith('  - name: matches_total\n    label: Matches\n    type: simple\n');
  assert.equal(untyped.code, 2);
  assert.match(untyped.out + untyped.err, /- at path \[\]: 'type_params' is a required property/u);
});

test('an unknown key under type_params is reported at its path, before the unknown keys beside it', async () => {
  const run = await parseWith('  - name: matches_total\n    label: Matches\n    type: simple\n    owner: ops\n    type_params: {measure: match_count, agg: sum}\n');
  assert.equal(run.code, 2, run.out + run.err);
  assert.match(run.out + run.err, /- at path \['type_params'\]: Additional properties are not allowed \('agg' was unexpected\)/u);
  const empty = await parseWith('  - name: matches_total\n    label: Matches\n    type: simple\n    type_params:\n');
  assert.equal(empty.code, 2);
  assert.match(empty.out + empty.err, /- at path \['type_params'\]: None is not of type 'object'/u);
});

test('a metric written as dbt 1.6+ defines it parses', async () => {
  const run = await parseWith('  - name: matches_total\n    label: Matches\n    description: All matches\n    type: simple\n    type_params: {measure: match_count}\n    meta: {owner: ops}\n');
  assert.equal(run.code, 0, run.out + run.err);
});
