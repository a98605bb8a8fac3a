// Snapshots whose strategy is a project macro (snapshot_<name>_strategy), run through the CLI.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: documents
        meta:
          external_location: 'data/{name}.csv'
`;

// A version only counts as changed when its revision number goes up; edits that keep the
// revision (a typo fix) are not new versions.
const STRATEGY = `{% macro snapshot_revision_strategy(node, snapshotted_rel, current_rel, config, target_exists) %}
  {% set row_changed %}({{ snapshotted_rel }}.revision < {{ current_rel }}.revision){% endset %}
  {% do return({
      'unique_key': config['unique_key'],
      'updated_at': 'edited_at',
      'row_changed': row_changed,
      'scd_id': snapshot_hash_arguments([config['unique_key'], 'revision']),
  }) %}
{% endmacro %}
`;

const snapshot = (name: string, strategy: string) => `{% snapshot ${name} %}
{{ config(target_schema='history', unique_key='doc_id', strategy='${strategy}') }}
select * from {{ source('raw', 'documents') }}
{% endsnapshot %}
`;

const HEADER = 'doc_id,title,revision,edited_at';

describe('snapshots with a custom strategy macro', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject({
      'models/sources.yml': SOURCES,
      'macros/revision_strategy.sql': STRATEGY,
      'snapshots/docs_plain.sql': snapshot('docs_plain', 'revision'),
      'snapshots/docs_namespaced.sql': snapshot('docs_namespaced', 'scenario.revision'),
      'data/documents.csv': csv(HEADER, ['d1', 'Intro', 1, '2024-05-01 09:00:00'], ['d2', 'Setup', 1, '2024-05-01 10:00:00']),
    });
  });
  after(async () => {
    await p.dispose();
  });

  const history = (name: string) =>
    p.rows(`select doc_id, title, revision, dbt_scd_id, strftime(dbt_valid_from, '%d %H:%M'), strftime(dbt_valid_to, '%d %H:%M') from history.${name} order by doc_id, dbt_valid_from`);

  test("the macro's row_changed, updated_at and scd_id decide the versions, with or without a package prefix", async () => {
    await p.ok('snapshot');
    // d1 gets a new revision; d2 only a retitle under the same revision, which the strategy ignores.
    p.write('data/documents.csv', csv(HEADER, ['d1', 'Intro v2', 2, '2024-05-03 08:30:00'], ['d2', 'Set-up', 1, '2024-05-04 11:00:00']));
    await p.ok('snapshot');
    const expected = [
      ['d1', 'Intro', 1, md5('d1|1'), '01 09:00', '03 08:30'],
      ['d1', 'Intro v2', 2, md5('d1|2'), '03 08:30', null],
      ['d2', 'Setup', 1, md5('d2|1'), '01 10:00', null],
    ];
    assert.deepEqual(await history('docs_plain'), expected);
    assert.deepEqual(await history('docs_namespaced'), expected);
  });

  test('a strategy with no macro fails as a compilation error naming it', async () => {
    p.write('snapshots/docs_plain.sql', snapshot('docs_plain', 'no_such_rule'));
    const run = await p.run('snapshot', '--select', 'docs_plain');
    assert.equal(run.code, 1);
    const text = `${run.out}\n${run.err}`;
    assert.match(text, /Compilation Error in snapshot docs_plain/);
    assert.match(text, /The specified strategy macro 'no_such_rule' was not found in package 'None'/);
  });
});
