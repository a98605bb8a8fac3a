// End to end: more mistakes in a project's files (an undefined YAML alias, a file that is not UTF-8,
// a config of the wrong type, a profile output without type:, a bad require-dbt-version, a doc()
// naming no block, ref() with the wrong number of arguments, a freshness count that is no number,
// a --target-path that is a file, a selector that cannot be read) each end in one paragraph naming the
// file and line where the mistake was written and what to do, with exit code 2 and no stack trace.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertReported, queryDb, runCli, withProjectFiles } from './test-helpers.js';

/** A small project of one seed and two models: the base every case adds files to or replaces them in. */
const BASE: Record<string, string> = {
  'dbt_project.yml': "name: pantry\nversion: '1.0'\nconfig-version: 2\nprofile: pantry\nmodels:\n  pantry:\n    +materialized: table\n",
  'profiles.yml': 'pantry:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: pantry.duckdb\n',
  'seeds/jars.csv': 'jar_id,fruit,grams\n1,plum,400\n2,fig,250\n',
  'models/stg_jars.sql': "select jar_id, fruit, grams from {{ ref('jars') }}\n",
  'models/big_jars.sql': "select jar_id from {{ ref('stg_jars') }} where grams > 300\n",
};

const withProject = (files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> => withProjectFiles(BASE, files, body);

describe('mistakes in project files are reported where they were written', () => {
  test('a YAML alias whose anchor is not defined is refused at the alias, as PyYAML refuses it', async () => {
    await withProject({ 'models/schema.yml': 'version: 2\nmodels:\n  - name: big_jars\n    config: *jar_defaults\n' }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:4:13`, /found undefined alias 'jar_defaults'/u, /Define the anchor &jar_defaults/u);
    });
  });

  test('a model file that is not UTF-8 names its first such line and builds nothing from mangled text', async () => {
    await withProject({}, async (dir) => {
      assert.equal((await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-q'])).code, 0);
      // 'pêche' written in Latin-1.
      writeFileSync(join(dir, 'models/stg_jars.sql'), Buffer.concat([Buffer.from("select jar_id,\n  '"), Buffer.from([0x70, 0xea, 0x63, 0x68, 0x65]), Buffer.from("' as fruit, grams\nfrom {{ ref('jars') }}\n")]));
      const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/stg_jars.sql')}:2`, /not UTF-8 text: line 2/u, /Save the file with UTF-8 encoding/u);
      const [rows] = await queryDb(join(dir, 'pantry.duckdb'), 'select fruit from main.stg_jars order by jar_id');
      assert.deepEqual(rows, [['plum'], ['fig']]);
    });
  });

  test('a property file that is not UTF-8 is refused too, while a UTF-8 file holding U+FFFD is read', async () => {
    await withProject({ 'models/good.sql': "select '\uFFFD caf\u00e9' as label\n" }, async (dir) => {
      writeFileSync(join(dir, 'models/schema.yml'), Buffer.concat([Buffer.from('version: 2\nmodels:\n  - name: big_jars\n    description: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:4`, /not UTF-8 text/u);
      rmSync(join(dir, 'models/schema.yml'));
      assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    });
  });

  test('materialized: that is not a name is a config error at the line that sets it, not a table built under that name', async () => {
    await withProject({ 'models/schema.yml': 'version: 2\nmodels:\n  - name: big_jars\n    config:\n      materialized: 7\n' }, async (dir) => {
      const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:5`, /Invalid config for model 'big_jars': materialized: 7 is not of type 'string'/u, /materialized='table'/u);
      assert.doesNotMatch(run.out, /START/u, 'nothing ran');
    });
    await withProject({ 'models/big_jars.sql': "{{ config(materialized=7) }}\nselect 1 as jar_id\n" }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/big_jars.sql')}:1`, /materialized: 7 is not of type 'string'/u);
    });
  });

  test("enabled: of the wrong type in a property file is named at that file's line", async () => {
    await withProject({ 'models/schema.yml': 'version: 2\nmodels:\n  - name: big_jars\n    config:\n      enabled: maybe\n' }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:5`, /enabled: 'maybe' is not of type 'boolean'/u);
    });
  });

  test("a profile output without type: says type is required, and threads: that is not a number is named at its line", async () => {
    await withProject({ 'profiles.yml': 'pantry:\n  target: dev\n  outputs:\n    dev:\n      path: pantry.duckdb\n' }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'profiles.yml')}:4`, /Credentials in profile 'pantry', target 'dev' invalid: 'type' is a required property/u, /Add type: duckdb/u);
    });
    await withProject({ 'profiles.yml': 'pantry:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: pantry.duckdb\n      threads: two\n' }, async (dir) => {
      const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'profiles.yml')}:7`, /threads must be a positive whole number, got "two"/u, /threads: 4/u);
    });
  });

  test('a require-dbt-version string whose second range is not a version is refused', async () => {
    const projectYml = (range: string) => `name: pantry\nversion: '1.0'\nconfig-version: 2\nprofile: pantry\nrequire-dbt-version: "${range}"\n`;
    await withProject({ 'dbt_project.yml': projectYml('>=1.5.0,<banana') }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'dbt_project.yml')}:5`, /require-dbt-version entry '>=1\.5\.0,<banana' is not a version range/u);
    });
    await withProject({ 'dbt_project.yml': projectYml('>=1.5.0, <2.0.0') }, async (dir) => {
      assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    });
  });

  test("a doc() naming no block, or a description that cannot render, is reported at the property file's line, not the model's SQL", async () => {
    const yml = 'version: 2\nmodels:\n  - name: big_jars\n    description: Jars over 300 grams\n    columns:\n      - name: jar_id\n        description: "{{ doc(\'jar_idd\') }}"\n';
    await withProject({ 'models/schema.yml': yml }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:7`, /Documentation for 'jar_idd' not found/u, /\{% docs jar_idd %\}/u);
    });
    await withProject({ 'models/schema.yml': 'version: 2\nmodels:\n  - name: big_jars\n    description: "{{ jar_note( }}"\n' }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:4`, /Could not render the description '\{\{ jar_note\( \}\}'/u);
    });
  });

  test("a source freshness count that is not a whole number is refused at its line, as dbt's schema refuses it", async () => {
    const yml = (count: string) => `version: 2\nsources:\n  - name: raw\n    loaded_at_field: packed_at\n    freshness:\n      warn_after:\n        count: ${count}\n        period: hour\n    tables:\n      - name: jars\n`;
    await withProject({ 'models/sources.yml': yml('twelve') }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/sources.yml')}:7`, /at path \['freshness'\]\['warn_after'\]\['count'\]: 'twelve' is not of type 'integer'/u, /whole number count/u);
    });
    await withProject({ 'models/sources.yml': yml('"{{ 6 * 2 }}"') }, async (dir) => {
      assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    });
  });

  test('a path list in dbt_project.yml holding something other than a folder name names that item', async () => {
    await withProject({ 'dbt_project.yml': "name: pantry\nversion: '1.0'\nconfig-version: 2\nprofile: pantry\nmodel-paths: [models, 5]\n" }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'dbt_project.yml')}:5`, /'model-paths' in dbt_project\.yml must be a list of folder names, got a list holding number 5\./u);
    });
  });

  test('a selector that cannot be read stops every command at its entry in selectors.yml, as dbt reads them all', async () => {
    const selectors = 'selectors:\n  - name: daily\n    definition: tag:daily\n  - name: nightly\n    definition:\n      union: big_jars\n';
    await withProject({ 'selectors.yml': selectors }, async (dir) => {
      const run = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'selectors.yml')}:4`, /'union' in selector 'nightly' must be a list/u);
    });
  });

  test('a --target-path that names a file is a project error naming the path, not a bug report', async () => {
    await withProject({ 'not_a_folder': 'notes\n' }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--target-path', 'not_a_folder']);
      assertReported(run, 2, `Could not create the folder ${join(dir, 'not_a_folder')}: a file with that name is in the way (EEXIST).`, /--target-path/u);
    });
  });

  test('ref() with no arguments or three says how many it takes, without an empty list', async () => {
    await withProject({ 'models/big_jars.sql': 'select 1 as jar_id from {{ ref() }}\n' }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/big_jars.sql')}:1`, /ref\(\) takes one or two string arguments .*, got none\./u, /ref\('package_name', 'model_name'\)/u);
    });
    await withProject({ 'models/big_jars.sql': "select 1 as jar_id from {{ ref('a', 'b', 'c') }}\n" }, async (dir) => {
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/big_jars.sql')}:1`, /got 'a', 'b', 'c'\./u);
    });
  });
});
