// End to end: common mistakes in a project or on the command line (mistyped names of tests, macros,
// materializations, options and commands; bad seeds; bad shapes in YAML; a macro's
// raise_compiler_error; a warehouse path or project folder that does not exist; ...) each end in one
// paragraph that names the file and line and says what to do, with dbt's exit code and no stack trace.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertReported, hasStackTrace, projectWith, queryDb, runCli, writeProjectFile } from './test-helpers.js';

/** A small project of one seed and two models: the base every case adds files to or replaces them in. */
const BASE: Record<string, string> = {
  'dbt_project.yml': "name: bakery\nversion: '1.0'\nconfig-version: 2\nprofile: bakery\nmodels:\n  bakery:\n    +materialized: table\n",
  'seeds/loaves.csv': 'loaf_id,kind,grams\n1,rye,800\n2,spelt,650\n',
  'models/stg_loaves.sql': "select loaf_id, kind, grams from {{ ref('loaves') }}\n",
  'models/heavy_loaves.sql': "select loaf_id from {{ ref('stg_loaves') }} where grams > 700\n",
};

const project = (files: Record<string, string> = {}): string => projectWith(BASE, files);

describe('bad input is reported where it was written', () => {
  test('a mis-indented key in dbt_project.yml is pointed at by line, column and caret', async () => {
    const dir = project({
      'dbt_project.yml': "name: bakery\nversion: '1.0'\nprofile: bakery\nmodels:\n  bakery:\n    +materialized: table\n   staging:\n      +materialized: view\n",
    });
    try {
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 2, `${join(dir, 'dbt_project.yml')}:7:4`, /Invalid YAML: All mapping items must start at the same column/u);
      assert.match(run.err, /\n {7}staging:\n {7}\^/u, 'the caret sits under the key, not under the indentation');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown generic test fails when it compiles, naming its YAML line and the closest test; the rest of the project builds', async () => {
    const dir = project({
      'models/schema.yml': 'version: 2\nmodels:\n  - name: heavy_loaves\n    columns:\n      - name: loaf_id\n        data_tests: [uniqe, not_null]\n',
    });
    try {
      // As dbt, whose parse renders the undefined test macro as nothing: the test errors, the rest runs.
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 1, 'line 6 of models/schema.yml', /Compilation Error in test uniqe_heavy_loaves_loaf_id \(models\/schema\.yml\)/u,
        /Unknown generic test 'uniqe' on column 'loaf_id' of 'heavy_loaves': did you mean 'unique'\?/u, /\{% test uniqe\(model, column_name\) %\}/u);
      assert.doesNotMatch(`${run.out}${run.err}`, /_dbt_generic_test_kwargs|test_uniqe/u, 'no generated code in the message');
      assert.match(run.out, /OK created sql table model main\.heavy_loaves/u);
      assert.match(run.out, /PASS not_null_heavy_loaves_loaf_id/u);
      assert.match(run.out, /Done\. PASS=4 WARN=0 ERROR=1 SKIP=0/u);
      // A run builds the models only: the unknown test is not in its way.
      assert.equal((await runCli(['run', '--project-dir', dir])).code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('calling a macro nothing defines fails that model when it compiles, saying it may be a missing macro or package', async () => {
    const dir = project({ 'models/heavy_loaves.sql': "select {{ grams_to_kilos('grams') }} as kilos\nfrom {{ ref('stg_loaves') }}\n" });
    try {
      // As dbt: the project parses (the call renders as nothing there), the model fails at compile
      // and the rest of the build goes on.
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 1, 'line 1 of models/heavy_loaves.sql', /Compilation Error in model heavy_loaves/u, /'grams_to_kilos' is undefined/u,
        /calling a macro that does not exist/u, /reelhouse deps/u);
      assert.match(run.out, /OK created sql table model main\.stg_loaves/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a macro called with too many arguments shows its signature', async () => {
    const dir = project({
      'macros/kilos.sql': '{% macro grams_to_kilos(column) %}({{ column }} / 1000.0){% endmacro %}\n',
      'models/heavy_loaves.sql': "select loaf_id,\n  {{ grams_to_kilos('grams', 2) }} as kilos\nfrom {{ ref('stg_loaves') }}\n",
    });
    try {
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/heavy_loaves.sql')}:2`, /macro 'dbt_macro__grams_to_kilos' takes not more than 1 argument\(s\)/u,
        /defined as grams_to_kilos\(column\) and was called with 2/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an incremental unique_key that is not a column fails the model, names the columns, and keeps the table', async () => {
    const model = (key: string): string => `{{ config(materialized='incremental', unique_key='${key}', incremental_strategy='delete+insert') }}\nselect loaf_id, grams from {{ ref('stg_loaves') }}\n`;
    const dir = project({ 'models/loaf_weights.sql': model('loaf_id') });
    try {
      assert.equal((await runCli(['build', '--project-dir', dir, '-q'])).code, 0);
      writeProjectFile(dir, 'models/loaf_weights.sql', model('loaf_key'));
      const run = await runCli(['run', '--project-dir', dir, '-s', 'loaf_weights']);
      assertReported(run, 1, 'models/loaf_weights.sql', /unique_key 'loaf_key' of incremental model loaf_weights is not a column of its query \(it returns loaf_id, grams\)/u);
      assert.doesNotMatch(`${run.out}${run.err}`, /Binder Error/u);
      const [rows] = await queryDb(join(dir, 'bakery.duckdb'), 'select count(*)::int from main.loaf_weights');
      assert.deepEqual(rows, [[2]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing var fails that model where var() is called, and the rest builds', async () => {
    // As dbt: parsing reads a missing var as None; the model that needs it fails when it compiles.
    const dir = project({ 'models/heavy_loaves.sql': "select loaf_id\nfrom {{ ref('stg_loaves') }}\nwhere grams > {{ var('min_grams') }}\n" });
    try {
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 1, 'line 3 of models/heavy_loaves.sql', /Compilation Error in model heavy_loaves/u, /Required var 'min_grams' not found/u, /--vars/u);
      assert.match(run.out, /OK created sql table model main\.stg_loaves/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a ragged seed row fails the seed at that line and keeps the loaded table', async () => {
    const dir = project();
    try {
      assert.equal((await runCli(['seed', '--project-dir', dir, '-q'])).code, 0);
      // The longer last row is the one DuckDB's sniffer would otherwise take for the header.
      writeProjectFile(dir, 'seeds/loaves.csv', 'loaf_id,kind,grams\n1,rye,800\n2,spelt\n3,oat,500,extra\n');
      const run = await runCli(['seed', '--project-dir', dir]);
      assertReported(run, 1, 'seeds/loaves.csv', /malformed at line 3: expected 3 columns but found 2/u);
      const [rows] = await queryDb(join(dir, 'bakery.duckdb'), 'select loaf_id, kind from main.loaves order by 1');
      assert.deepEqual(rows, [[1, 'rye'], [2, 'spelt']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a seed read with the wrong delimiter says which delimiter to set', async () => {
    const dir = project({ 'seeds/loaves.csv': 'loaf_id;kind;grams\n1;rye;800\n' });
    try {
      const run = await runCli(['seed', '--project-dir', dir]);
      assertReported(run, 1, 'line 1 of seeds/loaves.csv', /one column named 'loaf_id;kind;grams': its header is separated by ';', not ','/u, /Set delimiter: ';'/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('run-operation of a mistyped macro suggests the closest one', async () => {
    const dir = project({ 'macros/grants.sql': "{% macro grant_select(role) %}{{ log(role, info=true) }}{% endmacro %}\n" });
    try {
      const run = await runCli(['run-operation', 'grant_selct', '--project-dir', dir]);
      assertReported(run, 2, "'grant_selct'", /Could not find a macro with the name 'grant_selct' in any package: did you mean 'grant_select'\?/u, /macro-paths/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown method in selectors.yml names the file and the selector', async () => {
    const dir = project({ 'selectors.yml': 'selectors:\n  - name: nightly\n    definition:\n      method: colour\n      value: red\n' });
    try {
      const run = await runCli(['build', '--project-dir', dir, '--selector', 'nightly']);
      assertReported(run, 2, 'selectors.yml', /'colour' is not a valid method name \(in 'colour:red' of selector 'nightly'\)/u, /Valid methods are: .*tag/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a property file's version: other than 2 is a project error at its line", async () => {
    const dir = project({ 'models/schema.yml': 'models:\n  - name: heavy_loaves\nversion: 3\n' });
    try {
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:3`, /must have a 'version: 2' property, found version: 3/u);
      assert.doesNotMatch(run.out, /START/u, 'nothing ran');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--vars that is not YAML says where in the value it stops', async () => {
    const dir = project();
    try {
      const run = await runCli(['build', '--project-dir', dir, '--vars', '{min_grams: [1']);
      assertReported(run, 2, '--vars', /--vars is not valid YAML: .*\(at character \d+ of \{min_grams: \[1\)/u, /Pass a mapping/u);
      assert.doesNotMatch(`${run.out}${run.err}`, /column \d+:/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a local package folder that does not exist is named as missing, not as a folder without a project', async () => {
    const dir = project({ 'packages.yml': 'packages:\n  - local: ../no_such_bakery_package\n' });
    try {
      const run = await runCli(['deps', '--project-dir', dir]);
      assertReported(run, 2, `${join(dir, 'packages.yml')}:2`, /Package folder .*no_such_bakery_package does not exist/u, /local: path/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a macro's raise_compiler_error reads as dbt's Compilation Error in the model, at parse and at run", async () => {
    const dir = project({
      'macros/check_grams.sql': "{% macro check_grams(limit) %}\n{% if GUARD and limit > 1000 %}\n{{ exceptions.raise_compiler_error('a loaf over ' ~ limit ~ ' grams will not fit the oven') }}\n{% endif %}\n{% endmacro %}\n".replace('GUARD', 'true'),
      'models/heavy_loaves.sql': "{{ check_grams(1200) }}\nselect loaf_id from {{ ref('stg_loaves') }}\n",
    });
    try {
      // Raised while the project parses (no `execute` guard): it ends the command as dbt reports it,
      // naming the macro it was raised in (and its line) and the model that called it.
      const parse = await runCli(['build', '--project-dir', dir]);
      assert.equal(parse.code, 2);
      assert.ok(parse.err.replace(/^\d\d:\d\d:\d\d {2}/gmu, '').includes(
        'Encountered an error:\nCompilation Error in model heavy_loaves (models/heavy_loaves.sql)\n  a loaf over 1200 grams will not fit the oven\n    (line 3 of macros/check_grams.sql)\n  \n' +
          '  > in macro check_grams (macros/check_grams.sql)\n  > called by model heavy_loaves (models/heavy_loaves.sql)',
      ), parse.err);
      assert.ok(!hasStackTrace(parse.err));
      // Raised when the model compiles: the model fails under dbt's heading, which is said once.
      writeProjectFile(dir, 'macros/check_grams.sql', "{% macro check_grams(limit) %}\n{% if execute and limit > 1000 %}\n{{ exceptions.raise_compiler_error('a loaf over ' ~ limit ~ ' grams will not fit the oven') }}\n{% endif %}\n{% endmacro %}\n");
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 1, '> in macro check_grams (macros/check_grams.sql)', /Compilation Error in model heavy_loaves \(models\/heavy_loaves\.sql\)\n(?:\d\d:\d\d:\d\d {2})? {2}a loaf over 1200 grams will not fit the oven/u);
      assert.equal(run.out.split('Compilation Error in model heavy_loaves (models/heavy_loaves.sql)').length, 2, `the heading once:\n${run.out}`);
      // Under dbt 1.10's Failure heading for the errored model.
      assert.match(run.out, /Failure in model heavy_loaves \(models\/heavy_loaves\.sql\)\n(?:\d\d:\d\d:\d\d {2})? {2}Compilation Error in model heavy_loaves/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a seed that is not UTF-8 names its first such line, says to save it as UTF-8, and keeps the loaded table', async () => {
    const dir = project();
    try {
      assert.equal((await runCli(['seed', '--project-dir', dir, '-q'])).code, 0);
      writeFileSync(join(dir, 'seeds/loaves.csv'), Buffer.concat([Buffer.from('loaf_id,kind,grams\n1,rye,800\n2,'), Buffer.from([0x62, 0xe9, 0x72, 0xe9]), Buffer.from(',650\n')]));
      const run = await runCli(['seed', '--project-dir', dir]);
      assertReported(run, 1, 'seeds/loaves.csv', /malformed at line 3: it is not UTF-8 text/u, /Save the file with UTF-8 encoding/u);
      assert.doesNotMatch(`${run.out}${run.err}`, /delimiter/u, 'not the advice for a ragged row');
      const [rows] = await queryDb(join(dir, 'bakery.duckdb'), 'select loaf_id, kind from main.loaves order by 1');
      assert.deepEqual(rows, [[1, 'rye'], [2, 'spelt']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a warehouse path in a folder that does not exist says which folder, and where the path is set', async () => {
    const dir = project({ 'profiles.yml': 'bakery:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: no_such_folder/bakery.duckdb\n' });
    try {
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 2, join(dir, 'no_such_folder/bakery.duckdb'),
        new RegExp(`The folder ${join(dir, 'no_such_folder').replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')} does not exist: create it, or set path: .* in profiles\\.yml`, 'u'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a folder without dbt_project.yml gets dbt's 'No dbt_project.yml found at expected path', and a missing folder is said to be missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelhouse-no-project-'));
    try {
      const here = await runCli(['build'], dir);
      assertReported(here, 2, `No dbt_project.yml found at expected path ${join(dir, 'dbt_project.yml')}.`, /Run from a project folder or pass --project-dir/u);
      const missing = await runCli(['ls', '--project-dir', join(dir, 'bakry')]);
      assertReported(missing, 2, join(dir, 'bakry', 'dbt_project.yml'), new RegExp(`\\(the folder ${join(dir, 'bakry').replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')} does not exist\\)`, 'u'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('compile --inline works when dbt_project.yml disables every model, as in dbt', async () => {
    const dir = project({ 'dbt_project.yml': "name: bakery\nversion: '1.0'\nconfig-version: 2\nprofile: bakery\nmodels:\n  +enabled: false\n" });
    try {
      const run = await runCli(['compile', '--project-dir', dir, '--inline', "select 'sourdough' as loaf"]);
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /Compiled inline node is:\n(?:\d\d:\d\d:\d\d {2})?select 'sourdough' as loaf/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a mistyped option is dbt's No such option with the close ones, a mistyped subcommand gets its command's own help, exit 2", async () => {
    const option = await runCli(['build', '--selcet', 'stg_loaves']);
    assert.equal(option.code, 2);
    assert.match(option.err, /^Usage: reelhouse build \[OPTIONS\]\nTry 'reelhouse build -h' for help\.\n\nError: No such option: --selcet \(Possible options: [^)]*--select, --selector\)$/mu);
    const sub = await runCli(['source', 'freshnes']);
    assert.equal(sub.code, 2);
    assert.match(sub.err, /unknown command 'freshnes'\n\(Did you mean freshness\?\)\n\(run reelhouse source --help for its commands\)/u);
    assert.ok(!hasStackTrace(option.err) && !hasStackTrace(sub.err));
  });

  test("a mistyped materialization is dbt's Compilation Error in that model, with the closest one, and the rest builds", async () => {
    const dir = project({ 'models/heavy_loaves.sql': "{{ config(materialized='tabel') }}\nselect loaf_id from {{ ref('stg_loaves') }}\n" });
    try {
      const run = await runCli(['build', '--project-dir', dir]);
      assertReported(run, 1, 'Compilation Error in model heavy_loaves (models/heavy_loaves.sql)',
        /No materialization 'tabel' was found for adapter duckdb!/u, /Did you mean materialized='table'\?/u);
      assert.match(run.out, /OK created sql table model main\.stg_loaves/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a config: written as a list in a property file says how to write it as a mapping', async () => {
    const dir = project({ 'models/schema.yml': 'version: 2\nmodels:\n  - name: heavy_loaves\n    config:\n      - materialized: view\n' });
    try {
      const run = await runCli(['parse', '--project-dir', dir]);
      assertReported(run, 2, `${join(dir, 'models/schema.yml')}:4`, /config: of 'heavy_loaves' must be a mapping/u, /without a leading "- "/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
