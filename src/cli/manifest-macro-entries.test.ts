// End to end: manifest.json `macros` entries carry every field of dbt's v12 Macro, filled from
// the macro's YAML properties (description, arguments, docs, meta, patch_path), and a
// materialization lists its supported_languages (['sql'] when its header names none), as dbt writes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

type MacroJson = Record<string, unknown>;

describe('manifest.json macro entries', () => {
  let dir = '';
  let macros: Record<string, MacroJson> = {};
  before(async () => {
    dir = await newProject('pantry');
    writeProjectFile(dir, 'macros/jars.sql', [
      "{% macro jar_label(shelf, row=1) %}'shelf ' || {{ shelf }}{% endmacro %}",
      '{% macro bare_macro() %}1{% endmacro %}',
      "{% materialization shelf_copy, adapter='duckdb', supported_languages=['python', 'sql'] %}{{ return({'relations': []}) }}{% endmaterialization %}",
      '{% materialization plain_copy, default %}{{ return({\'relations\': []}) }}{% endmaterialization %}',
      '',
    ].join('\n'));
    writeProjectFile(dir, 'macros/jars.yml', `macros:
  - name: jar_label
    description: Labels a jar by its shelf.
    arguments:
      - name: shelf
        type: integer
        description: The shelf number.
      - name: row
    docs: {show: false}
    meta: {owner: pantry_team}
`);
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    macros = readArtifact<{ macros: Record<string, MacroJson> }>(dir, 'manifest.json').macros;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a macro with properties carries them; one without has dbt defaults', () => {
    const label = macros['macro.pantry.jar_label']!;
    assert.equal(label['description'], 'Labels a jar by its shelf.');
    assert.deepEqual(label['arguments'], [
      { name: 'shelf', type: 'integer', description: 'The shelf number.' },
      { name: 'row', type: null, description: '' },
    ]);
    assert.deepEqual(label['docs'], { show: false, node_color: null });
    assert.deepEqual(label['meta'], { owner: 'pantry_team' });
    assert.equal(label['patch_path'], 'pantry://macros/jars.yml');
    assert.equal(label['supported_languages'], null);
    assert.equal(typeof label['created_at'], 'number');
    const bare = macros['macro.pantry.bare_macro']!;
    assert.deepEqual([bare['description'], bare['arguments'], bare['docs'], bare['meta'], bare['patch_path']],
      ['', [], { show: true, node_color: null }, {}, null]);
  });

  test('materializations list their supported languages, sql by default', () => {
    assert.deepEqual(macros['macro.pantry.materialization_shelf_copy_duckdb']?.['supported_languages'], ['python', 'sql']);
    assert.deepEqual(macros['macro.pantry.materialization_plain_copy_default']?.['supported_languages'], ['sql']);
  });

  test('the entries validate against the v12 manifest schema', () => {
    const validate = loadSchemaValidator('manifest/v12.json');
    const manifest = readArtifact(dir, 'manifest.json');
    const result = validate(manifest);
    assert.ok(result.valid, result.errors);
  });
});
