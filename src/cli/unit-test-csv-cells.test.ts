// End to end: csv unit test fixtures turn only empty cells into NULL, as dbt does; the text
// `null` is a string (so it fails to cast to a number), and spaces and quoted text are kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const resultOf = (name: string) =>
  readArtifact<{ results: { unique_id: string; status: string; message: string | null }[] }>(dir, 'run_results.json').results.find((r) => r.unique_id.endsWith(`.${name}`));

before(async () => {
  dir = await newProject('badges');
  writeProjectFile(dir, 'models/members.sql', "select 'x' as nickname, 1 as badge_no\n");
  writeProjectFile(dir, 'models/badge_labels.sql', "select '[' || coalesce(nickname, '<none>') || ']' as label, badge_no from {{ ref('members') }}\n");
  writeProjectFile(dir, 'models/unit.yml', `unit_tests:
  - name: labels_from_csv_cells
    model: badge_labels
    given:
      - input: ref('members')
        format: csv
        rows: |
          nickname,badge_no
           padded ,1
          null,2
          NULL,3
          ,4
          "a,b",5
          "",6
    expect:
      rows:
        - {label: '[ padded ]', badge_no: 1}
        - {label: '[null]', badge_no: 2}
        - {label: '[NULL]', badge_no: 3}
        - {label: '[<none>]', badge_no: 4}
        - {label: '[a,b]', badge_no: 5}
        - {label: '[<none>]', badge_no: 6}
  - name: null_text_in_number_column
    model: badge_labels
    given:
      - input: ref('members')
        format: csv
        fixture: null_badge
    expect:
      rows: []
`);
  writeProjectFile(dir, 'tests/fixtures/null_badge.csv', '\n  nickname,badge_no\nann,null\n\n');
  // The input model is built, so the fixtures take its column types (VARCHAR, INTEGER).
  assert.equal((await runCli(['run', '--select', 'members', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
});
after(() => rm(dir, { recursive: true, force: true }));

test('csv cells keep null text and spaces; empty cells, quoted or not, are NULL', async () => {
  await runCli(['test', '--select', 'labels_from_csv_cells', '--project-dir', dir, '--profiles-dir', dir]);
  const result = resultOf('labels_from_csv_cells');
  assert.equal(result?.status, 'pass', result?.message ?? '');
});

test('a fixture file is read stripped, and its null text does not cast to a number', async () => {
  const run = await runCli(['test', '--select', 'null_text_in_number_column', '--project-dir', dir, '--profiles-dir', dir]);
  assert.notEqual(run.code, 0);
  const result = resultOf('null_text_in_number_column');
  assert.equal(result?.status, 'error', result?.message ?? '');
  assert.match(result?.message ?? '', /null/i);
  assert.doesNotMatch(result?.message ?? '', /Invalid column name/);
});
