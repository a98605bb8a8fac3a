// End to end: mistakes that used to be accepted quietly, or reported in other words than dbt's or at
// another place, are refused in one paragraph naming the file and line where they were written and
// what to do, with no stack trace and the relations already built left as they were: exit code 2 for
// a project or command-line error, 1 for a node that fails while the rest builds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertReported, queryDb, runCli, withProjectFiles, writeProjectFile } from './test-helpers.js';

/** A small project of one seed and two models: the base every case adds files to or replaces them in. */
const BASE: Record<string, string> = {
  'dbt_project.yml': "name: larder\nversion: '1.0'\nconfig-version: 2\nprofile: larder\nmodels:\n  larder:\n    +materialized: table\n",
  'profiles.yml': 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: larder.duckdb\n',
  'seeds/tins.csv': 'tin_id,label,grams\n1,beans,400\n2,peas,250\n',
  'models/stg_tins.sql': "select tin_id, label, grams from {{ ref('tins') }}\n",
};

const withProject = (files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> => withProjectFiles(BASE, files, body);

const at = (dir: string) => ['--project-dir', dir, '--profiles-dir', dir];

describe('mistakes that must not pass quietly', () => {
  test("a profile: that the profiles.yml chosen with --profiles-dir lacks is dbt's 'Could not find profile named', not a build elsewhere", async () => {
    await withProject({}, async (dir) => {
      assert.equal((await runCli(['build', ...at(dir), '-q'])).code, 0);
      writeProjectFile(dir, 'dbt_project.yml', "name: larder\nversion: '1.0'\nconfig-version: 2\nprofile: lardr\n");
      writeProjectFile(dir, 'profiles.yml', 'larder:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: elsewhere.duckdb\n');
      const run = await runCli(['run', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'profiles.yml')}:1`, /Could not find profile named 'lardr'/u, /Did you mean 'larder'\? Correct profile: in dbt_project\.yml/u);
      const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select count(*)::int from main.stg_tins');
      assert.deepEqual(rows, [[2]]);
    });
  });

  test("a freshness period under a source table's config: that is not minute, hour or day is refused at its line, as at the top level", async () => {
    const sources = 'version: 2\nsources:\n  - name: pantry\n    schema: main\n    tables:\n      - name: tins\n        config:\n          loaded_at_field: current_timestamp\n          freshness:\n            warn_after:\n              count: 2\n              period: fortnight\n';
    await withProject({ 'models/sources.yml': sources }, async (dir) => {
      const run = await runCli(['source', 'freshness', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'models/sources.yml')}:12`, /at path \['tables'\]\[0\]\['config'\]\['freshness'\]\['warn_after'\]\['period'\]: 'fortnight' is not one of \['minute', 'hour', 'day'\]/u, /Give warn_after a period of minute, hour or day/u);
    });
  });

  test("packages.yml and dependencies.yml both listing packages is dbt's project error at dependencies.yml, for deps and every other command", async () => {
    await withProject({ 'util/dbt_project.yml': "name: util\nversion: '1.0'\n", 'packages.yml': 'packages:\n  - local: util\n' }, async (dir) => {
      assert.equal((await runCli(['deps', ...at(dir)])).code, 0);
      assert.equal((await runCli(['build', ...at(dir), '-q'])).code, 0);
      writeProjectFile(dir, 'dependencies.yml', '# shared\npackages:\n  - local: util\n');
      for (const command of ['deps', 'build']) {
        const run = await runCli([command, ...at(dir)]);
        assertReported(run, 2, `${join(dir, 'dependencies.yml')}:2`, /The 'packages' key cannot be specified in both packages\.yml and dependencies\.yml/u, /Keep one packages: list/u);
      }
      const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select count(*)::int from main.stg_tins');
      assert.deepEqual(rows, [[2]]);
    });
  });

  test('run-operation --args that is not YAML says where in the value it stops, as --vars does, not that it is no mapping', async () => {
    await withProject({ 'macros/trim.sql': '{% macro trim_tins(days) %}{{ log(days, info=true) }}{% endmacro %}\n' }, async (dir) => {
      const broken = await runCli(['run-operation', 'trim_tins', '--args', '{days: [7', ...at(dir)]);
      assertReported(broken, 2, '--args', /--args is not valid YAML: .*\(at character \d+ of \{days: \[7\)/u, /Pass a mapping, for example --args '\{table: users, days: 7\}'/u);
      const list = await runCli(['run-operation', 'trim_tins', '--args', '[7]', ...at(dir)]);
      assertReported(list, 2, '--args', /--args must be a mapping of names to values, got: \[7\]/u);
    });
  });

  test('a property key indented deeper than the key above it is reported at that key, and nothing built is lost', async () => {
    await withProject({}, async (dir) => {
      assert.equal((await runCli(['build', ...at(dir), '-q'])).code, 0);
      writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: stg_tins\n      description: Tins on the shelf\n');
      const run = await runCli(['build', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:4:7`, /mapping values are not allowed here: this key is indented deeper than the key on the line above/u, /Indent it like the keys beside it/u);
      const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select count(*)::int from main.stg_tins');
      assert.deepEqual(rows, [[2]]);
    });
  });

  test("a seed's column_types written as a list is refused at its line, not loaded with every type inferred", async () => {
    await withProject({}, async (dir) => {
      assert.equal((await runCli(['build', ...at(dir), '-q'])).code, 0);
      writeProjectFile(dir, 'seeds/props.yml', 'version: 2\nseeds:\n  - name: tins\n    config:\n      column_types: [grams]\n');
      const run = await runCli(['seed', '--full-refresh', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'seeds/props.yml')}:5`, /Invalid config for seed 'tins': column_types: \["grams"\] is not of type 'object'/u, /Map each column to its type/u);
      const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select count(*)::int from main.tins');
      assert.deepEqual(rows, [[2]]);
    });
  });

  test("an unclosed {% if %} in a model is Jinja2's 'Unexpected end of template' as dbt shows it, with where the block opened, and nothing built is lost", async () => {
    await withProject({}, async (dir) => {
      assert.equal((await runCli(['build', ...at(dir), '-q'])).code, 0);
      writeProjectFile(dir, 'models/heavy_tins.sql', "select tin_id from {{ ref('stg_tins') }}\n{% if var('heavy', true) %}\nwhere grams > 300\n");
      const run = await runCli(['build', ...at(dir)]);
      assertReported(run, 2, join(dir, 'models/heavy_tins.sql'),
        /Unexpected end of template\. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'\. The innermost block that needs to be closed is 'if'\./u,
        /Close the 'if' opened on line 2 with \{% endif %\}\./u);
      const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select count(*)::int from main.stg_tins');
      assert.deepEqual(rows, [[2]]);
    });
  });

  test("a macro file whose {% macro %} is never closed is Jinja2's 'Unexpected end of template' at the line it opened on", async () => {
    await withProject({ 'macros/grams.sql': '-- weights\n{% macro kilos(col) %}\n{{ col }} / 1000.0\n' }, async (dir) => {
      const run = await runCli(['parse', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'macros/grams.sql')}:2`,
        /Unexpected end of template\. Jinja was looking for the following tags: 'endmacro'\. The innermost block that needs to be closed is 'macro'\./u,
        /Close the 'macro' opened on line 2 with \{% endmacro %\}\./u);
    });
  });

  test("an unknown --selector is dbt's 'Could not find selector named', with the closest name; --threads that is no number says what to pass", async () => {
    await withProject({ 'selectors.yml': 'selectors:\n  - name: staging\n    definition: {method: path, value: models}\n' }, async (dir) => {
      const selector = await runCli(['ls', '--selector', 'stagign', ...at(dir)]);
      assertReported(selector, 2, 'stagign', /Could not find selector named stagign, expected one of \['staging'\]/u, /Did you mean 'staging'\?/u);
      const threads = await runCli(['run', '--threads', 'two', ...at(dir)]);
      assertReported(threads, 2, "'two'", /--threads must be a positive whole number/u, /e\.g\. --threads 4/u);
    });
  });

  test("source() with one name or three is dbt's 'source() takes exactly two arguments (N given)' at its line", async () => {
    for (const [call, given] of [["source('pantry')", 1], ["source('pantry', 'tins', 'extra')", 3]] as const) {
      await withProject({ 'models/from_source.sql': `-- raw tins\nselect * from {{ ${call} }}\n` }, async (dir) => {
        const run = await runCli(['parse', ...at(dir)]);
        assertReported(run, 2, `${join(dir, 'models/from_source.sql')}:2`, new RegExp(`source\\(\\) takes exactly two arguments \\(${given} given\\)`, 'u'), /Write source\('source_name', 'table_name'\)/u);
      });
    }
  });

  test("a test severity other than warn or error is dbt's 'Severity must be either 'warn' or 'error'' at its line, not a test that never fails", async () => {
    const schema = 'version: 2\nmodels:\n  - name: stg_tins\n    columns:\n      - name: grams\n        data_tests:\n          - accepted_values:\n              arguments:\n                values: [400]\n              config:\n                severity: warning\n';
    await withProject({ 'models/schema.yml': schema }, async (dir) => {
      const run = await runCli(['build', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:7`, /Severity must be either 'warn' or 'error'\. Got 'warning'/u, /Set severity: warn/u);
    });
  });

  test('ref() naming the wrong package says which package holds the model, instead of suggesting another name', async () => {
    await withProject({ 'models/heavy.sql': "select * from {{ ref('pantry', 'stg_tins') }} where grams > 300\n" }, async (dir) => {
      const run = await runCli(['parse', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'models/heavy.sql')}:1`, /depends on a node named 'stg_tins' in package or project 'pantry' which was not found/u,
        /'stg_tins' is in package 'larder': write ref\('larder', 'stg_tins'\), or ref\('stg_tins'\)\./u);
    });
  });

  test('a profiles.yml that is a list, or outputs: written as a list, says how to write it, at the outputs: line', async () => {
    await withProject({ 'profiles.yml': '- larder\n' }, async (dir) => {
      const run = await runCli(['run', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'profiles.yml')}:1`, /profiles\.yml must be a mapping of profile names to profiles\./u, /larder: \{target: dev, outputs:/u);
    });
    await withProject({ 'profiles.yml': 'larder:\n  target: dev\n  outputs:\n    - dev\n' }, async (dir) => {
      const run = await runCli(['run', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'profiles.yml')}:3`, /Profile 'larder' has no outputs: mapping\./u, /each target a key \(not a list item\)/u);
    });
  });

  test('an emptied seed file fails that seed, saying it has no header row, and keeps the table loaded before instead of one column named column0', async () => {
    await withProject({}, async (dir) => {
      assert.equal((await runCli(['build', ...at(dir), '-q'])).code, 0);
      writeProjectFile(dir, 'seeds/tins.csv', '');
      const run = await runCli(['seed', '--full-refresh', ...at(dir)]);
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, /Seed file seeds\/tins\.csv is empty: it has no header row\.\n\s+\(line 1 of seeds\/tins\.csv\)\n\s+Write the column names on the first line/u);
      const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select tin_id, label from main.tins order by 1');
      assert.deepEqual(rows, [[1, 'beans'], [2, 'peas']]);
    });
  });

  test("--vars with a Python tag PyYAML's safe loader refuses is not valid YAML, without the YAML library's process warning", async () => {
    await withProject({}, async (dir) => {
      const run = await runCli(['parse', '--vars', '{when: !!python/object:os.system now}', ...at(dir)]);
      assertReported(run, 2, '--vars', /--vars is not valid YAML: could not determine a constructor for the tag 'tag:yaml\.org,2002:python\/object:os\.system'/u);
      assert.doesNotMatch(run.err, /YAMLWarning|trace-warnings/u);
      const typed = await runCli(['run-operation', 'kinds', '--vars', '{day: 2024-01-02, ok: yes}', ...at(dir)]);
      assert.equal(typed.code, 2, 'no macro kinds: only the vars are read');
      assert.doesNotMatch(typed.err, /not valid YAML/u);
    });
  });

  test("a YAML tag PyYAML has no constructor for is refused at its place, in a property file or dbt_project.yml, without the YAML library's process warnings", async () => {
    await withProject({ 'models/schema.yml': 'version: 2\nmodels:\n  - name: stg_tins\n    description: !!python/object:os.system tins\n' }, async (dir) => {
      const run = await runCli(['parse', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:4:18`, /could not determine a constructor for the tag 'tag:yaml\.org,2002:python\/object:os\.system'/u, /Remove the tag/u);
    });
    await withProject({ 'dbt_project.yml': "name: larder\nversion: !release '1.0'\nprofile: larder\n" }, async (dir) => {
      const run = await runCli(['parse', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'dbt_project.yml')}:2:10`, /could not determine a constructor for the tag '!release'/u);
      assert.doesNotMatch(run.err, /YAMLWarning|trace-warnings/u);
    });
  });

  test('calling a macro by a mistyped name fails that model with the closest macro as a suggestion, and the rest builds', async () => {
    await withProject({ 'macros/grams.sql': '{% macro kilos(col) %}{{ col }} / 1000.0{% endmacro %}\n', 'models/tin_kilos.sql': "select tin_id, {{ kilo('grams') }} as kg from {{ ref('stg_tins') }}\n" }, async (dir) => {
      const run = await runCli(['build', ...at(dir)]);
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, /'kilo' is undefined\n\s+\(line 1 of models\/tin_kilos\.sql\)\n\s+Did you mean 'kilos'\? This can happen when calling a macro that does not exist/u);
      const [rows] = await queryDb(join(dir, 'larder.duckdb'), 'select count(*)::int from main.stg_tins');
      assert.deepEqual(rows, [[2]]);
    });
  });

  test("a generic test argument the test does not take is shown at the test's line of the property file, with the test's signature, not the generated test code", async () => {
    const schema = 'version: 2\nmodels:\n  - name: stg_tins\n    columns:\n      - name: tin_id\n        data_tests:\n          - relationships:\n              arguments:\n                to: ref(\'tins\')\n                feild: tin_id\n';
    await withProject({ 'models/schema.yml': schema }, async (dir) => {
      const run = await runCli(['build', ...at(dir)]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:7`, /macro 'dbt_macro__test_relationships' takes no keyword argument 'feild'\n {4} *- relationships:\n/u,
        /Did you mean 'field'\? It is defined as test_relationships\(model, column_name, to, field\)\./u);
      assert.doesNotMatch(run.err, /_dbt_generic_test_kwargs/u);
    });
  });

  test('a mistyped ref() in --inline SQL names the closest node, as a ref in a model does', async () => {
    await withProject({}, async (dir) => {
      const run = await runCli(['compile', '--inline', "select * from {{ ref('stg_tin') }}", ...at(dir)]);
      assertReported(run, 2, "'stg_tin'", /Error parsing inline query: .*depends on a node named 'stg_tin' which was not found/u, /Did you mean 'stg_tins'\?/u);
    });
  });
});
