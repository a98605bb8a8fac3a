// End to end: a project's own incremental strategy that hands its arg_dict to the built-in
// get_incremental_merge_sql gets dbt-duckdb's MERGE, shaped by the merge configs
// (merge_update_condition, merge_insert_condition, merge_update_set_expressions,
// merge_returning_columns, merge_clauses) word for word, the same rows as the built-in merge
// strategy, and the same configuration errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const STRATEGY = `{% macro get_incremental_handed_on_sql(arg_dict) %}
  {{ return(get_incremental_merge_sql(arg_dict)) }}
{% endmacro %}
`;

// Three rows first, then two changed keys, a new key and a new key with v = 0.
const MODEL = `{% if var('step', 1) == 1 %}
select * from (values (1, 5, 'a'), (2, 5, 'b'), (3, 5, 'c')) t(id, v, note)
{% else %}
select * from (values (1, 9, 'x'), (2, 1, 'y'), (4, 2, 'w'), (5, 0, 'q')) t(id, v, note)
{% endif %}
`;

const CONFIGS: Record<string, string> = {
  conditional: `merge_update_condition: "DBT_INTERNAL_SOURCE.v > DBT_INTERNAL_DEST.v"
      merge_insert_condition: "DBT_INTERNAL_SOURCE.v > 0"
      merge_update_set_expressions: {note: "DBT_INTERNAL_DEST.note || '+'"}
      merge_returning_columns: [id]`,
  clauses: `merge_returning_columns: [merge_action, id]
      merge_clauses:
        when_matched:
          - {action: delete, condition: "DBT_INTERNAL_SOURCE.v < 5"}
          - {action: update, mode: explicit, update: {include: [v], set_expressions: {note: "'upd'"}}}
        when_not_matched:
          - action: insert
            mode: explicit
            condition: ["DBT_INTERNAL_SOURCE.v = 0"]
            insert: {columns: [id, v, note], values: [DBT_INTERNAL_SOURCE.id, "100", "'zero'"]}
          - {action: insert, mode: by_name}
          - {action: update, by: source, set_expressions: {note: "'stale'"}}`,
  only_matched: `merge_clauses:
        when_matched:
          - {action: update, mode: explicit, update: {exclude: [note]}}`,
  misconfigured: `merge_update_condition: [x]
      merge_returning_columns: [true]
      merge_update_set_expressions: {v: "1"}
      merge_exclude_columns: [note]
      merge_clauses: {when_matched: []}`,
};

// dbt-duckdb's macros render these statements (blank and trailing-space lines included).
const EXPECTED_SQL: Record<string, string> = {
  conditional: [
    '',
    '',
    '    MERGE INTO "warehouse"."main"."conditional" AS DBT_INTERNAL_DEST',
    '        USING "conditional__dbt_tmp" AS DBT_INTERNAL_SOURCE',
    '        ',
    '            ',
    '                ',
    '            ',
    '        ',
    '        ON (DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id)',
    '    ',
    '    WHEN MATCHED AND DBT_INTERNAL_SOURCE.v > DBT_INTERNAL_DEST.v',
    '    THEN',
    '        UPDATE SET',
    `                note = DBT_INTERNAL_DEST.note || '+', "id" = DBT_INTERNAL_SOURCE."id", "v" = DBT_INTERNAL_SOURCE."v"`,
    '    WHEN NOT MATCHED',
    '         AND DBT_INTERNAL_SOURCE.v > 0',
    '    THEN',
    '        INSERT BY NAME',
    '    RETURNING id',
    '',
  ].join('\n'),
  clauses: [
    '',
    '',
    '    MERGE INTO "warehouse"."main"."clauses" AS DBT_INTERNAL_DEST',
    '        USING "clauses__dbt_tmp" AS DBT_INTERNAL_SOURCE',
    '        ',
    '            ',
    '                ',
    '            ',
    '        ',
    '        ON (DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id)',
    '    ',
    '    WHEN MATCHED AND DBT_INTERNAL_SOURCE.v < 5',
    '    THEN',
    '        ',
    '            DELETE',
    '    WHEN MATCHED',
    '    THEN',
    '        UPDATE SET',
    "                note = 'upd', v = DBT_INTERNAL_SOURCE.v",
    '    WHEN NOT MATCHED',
    '         AND (DBT_INTERNAL_SOURCE.v = 0)',
    '    THEN',
    '        INSERT',
    '                (id, v, note)',
    "                VALUES (DBT_INTERNAL_SOURCE.id, 100, 'zero')",
    '    WHEN NOT MATCHED',
    '        ',
    '    THEN',
    '        INSERT BY NAME',
    '    WHEN NOT MATCHED',
    '        BY SOURCE ',
    '    THEN',
    '        UPDATE SET',
    "            note = 'stale'",
    '    RETURNING merge_action, id',
    '',
  ].join('\n'),
};

const EXPECTED_ERRORS = [
  'MERGE configuration errors:',
  "merge_update_condition must be a string, found: ['x']",
  'merge_returning_columns must contain only string values, found: True',
  'merge_clauses.when_matched must contain at least one element',
  'When merge_clauses is specified, the following basic merge configurations will be ignored and should be removed: merge_update_condition, merge_update_set_expressions, merge_exclude_columns. Define your merge behavior within merge_clauses instead.',
];

describe('merge configs in the built-in merge macros, called from a project strategy', () => {
  let p: ScenarioProject;
  before(async () => {
    // Each model twice: through the project's strategy (the macros) and the built-in merge strategy.
    const files: Record<string, string> = { 'macros/handed_on.sql': STRATEGY };
    const entries: string[] = [];
    for (const [name, config] of Object.entries(CONFIGS)) {
      for (const [model, strategy] of [
        [name, 'handed_on'],
        [`builtin_${name}`, 'merge'],
      ] as const) {
        files[`models/${model}.sql`] = MODEL;
        entries.push(`  - name: ${model}\n    config:\n      materialized: incremental\n      incremental_strategy: ${strategy}\n      unique_key: id\n      ${config}`);
      }
    }
    files['models/schema.yml'] = `version: 2\nmodels:\n${entries.join('\n')}\n`;
    p = await scenarioProject(files);
    await p.ok('run');
    await p.run('run', '--vars', '{step: 2}');
  });
  after(async () => {
    await p.dispose();
  });

  const runSql = (model: string) => readFileSync(join(p.dir, 'target', 'run', 'scenario', 'models', `${model}.sql`), 'utf8');
  const bothPaths = async (model: string) => [await p.rows(`select * from main.${model} order by id`), await p.rows(`select * from main.builtin_${model} order by id`)];

  test('merge_update_condition, merge_insert_condition, merge_update_set_expressions and merge_returning_columns render as dbt-duckdb renders them', async () => {
    assert.ok(runSql('conditional').includes(EXPECTED_SQL['conditional'] as string), runSql('conditional'));
    const [macro, builtin] = await bothPaths('conditional');
    assert.deepEqual(macro, [
      [1, 9, 'a+'],
      [2, 5, 'b'],
      [3, 5, 'c'],
      [4, 2, 'w'],
    ]);
    assert.deepEqual(builtin, macro);
  });

  test('merge_clauses render their matched, not-matched and not-matched-by-source clauses as dbt-duckdb renders them', async () => {
    assert.ok(runSql('clauses').includes(EXPECTED_SQL['clauses'] as string), runSql('clauses'));
    const [macro, builtin] = await bothPaths('clauses');
    assert.deepEqual(macro, [
      [1, 9, 'upd'],
      [3, 5, 'stale'],
      [4, 2, 'w'],
      [5, 100, 'zero'],
    ]);
    assert.deepEqual(builtin, macro);
  });

  test('merge_clauses without when_not_matched keeps the default insert of new rows', async () => {
    const [macro, builtin] = await bothPaths('only_matched');
    assert.deepEqual(macro, [
      [1, 9, 'a'],
      [2, 1, 'b'],
      [3, 5, 'c'],
      [4, 2, 'w'],
      [5, 0, 'q'],
    ]);
    assert.deepEqual(builtin, macro);
  });

  test("misconfigured merge configs fail with dbt-duckdb's message, values shown as Python shows them, in its order", async () => {
    const results = JSON.parse(readFileSync(join(p.dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; message: string }[] };
    for (const model of ['misconfigured', 'builtin_misconfigured']) {
      const result = results.results.find((r) => r.unique_id === `model.scenario.${model}`);
      assert.equal(result?.status, 'error');
      const lines = (result?.message ?? '').split('\n').map((l) => l.trim());
      const start = lines.indexOf(EXPECTED_ERRORS[0] as string);
      assert.deepEqual(lines.slice(start, start + EXPECTED_ERRORS.length), EXPECTED_ERRORS, result?.message);
    }
  });
});
