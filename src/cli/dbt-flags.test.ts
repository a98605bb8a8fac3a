// End to end: dbt's global and run flags (--warn-error, --empty, --no-write-json, --target-path,
// --resource-type, --defer, the accepted no-ops) and the DBT_* variables that set them, on a small project.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, count, createFlagsProject, statusesIn } from './dbt-flags-fixture.js';
import { queryDb, readArtifact, writeProjectFile } from './test-helpers.js';

describe("dbt's command-line flags", () => {
  let dir = '';
  const db = (): string => join(dir, 'flags.duckdb');
  const statuses = (target = 'target'): Map<string, string> => statusesIn(dir, target);
  const p = (...args: string[]): string[] => [...args, '--project-dir', dir];

  before(async () => {
    dir = await createFlagsProject();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('--warn-error and --warn-error-options', () => {
    test('without them a failing warn-severity test warns and the build passes', async () => {
      const run = await cli(p('build', '-q'));
      assert.equal(run.code, 0, run.err);
      assert.equal(statuses().get('test.cli_flags.id_is_one'), 'warn');
      assert.equal(statuses().get('model.cli_flags.child'), 'success');
    });

    test('--warn-error fails the warning test, skips its children and exits 1, before or after the command name', async () => {
      for (const args of [p('build', '--warn-error'), ['--warn-error', ...p('build')]]) {
        const run = await cli(args);
        assert.equal(run.code, 1, run.out + run.err);
        assert.equal(statuses().get('test.cli_flags.id_is_one'), 'fail');
        assert.equal(statuses().get('model.cli_flags.child'), 'skipped');
        assert.match(run.out, /Failure in test id_is_one/u);
      }
    });

    test('DBT_WARN_ERROR sets it; the command line wins over the variable', async () => {
      assert.equal((await cli(p('build', '-q'), { DBT_WARN_ERROR: 'true' })).code, 1);
      assert.equal(statuses().get('test.cli_flags.id_is_one'), 'fail');
      assert.equal((await cli(p('build', '-q'), { DBT_WARN_ERROR: '0' })).code, 0);
      const bad = await cli(p('build', '-q'), { DBT_WARN_ERROR: 'maybe' });
      assert.equal(bad.code, 2);
      assert.match(bad.err, /DBT_WARN_ERROR='maybe' is not a valid boolean/u);
    });

    test('--warn-error-options takes error/warn and the older include/exclude spellings', async () => {
      assert.equal((await cli(p('build', '-q', '--warn-error-options', '{"error": ["LogTestResult"]}'))).code, 1);
      // The old spellings warn WEOIncludeExcludeDeprecation, which `include: all` raises too unless excluded
      // (with the DeprecationsSummary that counts it, which dbt also raises through warn_or_error).
      assert.equal((await cli(p('build', '-q', '--warn-error-options', '{include: all, exclude: [LogTestResult, WEOIncludeExcludeDeprecation, DeprecationsSummary]}'))).code, 0);
      assert.equal(statuses().get('test.cli_flags.id_is_one'), 'warn');
      assert.equal((await cli(p('build', '-q', '--warn-error-options', '{"include": "all", "exclude": ["WEOIncludeExcludeDeprecation", "DeprecationsSummary"]}'))).code, 1);
      // Raised before the command starts, like any error outside a node: exit 2.
      assert.equal((await cli(p('build', '-q', '--warn-error-options', '{"include": "all"}'))).code, 2);
      const both = await cli(p('build', '--warn-error-options', '{"include": "all", "error": "all"}'));
      assert.equal(both.code, 2);
      assert.match(both.err, /'error' or 'include', not both/u);
      const twice = await cli(p('build', '--warn-error', '--warn-error-options', '{"error": "all"}'));
      assert.equal(twice.code, 2);
      assert.match(twice.err, /--warn-error or --warn-error-options, not both/u);
    });

    test("dbt_project.yml flags: apply unless the command line or a DBT_* variable says otherwise", async () => {
      const project = readFileSync(join(dir, 'dbt_project.yml'), 'utf8');
      writeProjectFile(dir, 'dbt_project.yml', `${project}flags:\n  warn_error_options:\n    error: [LogTestResult]\n  write_json: false\n`);
      try {
        rmSync(join(dir, 'target'), { recursive: true, force: true });
        assert.equal((await cli(p('build', '-q'))).code, 1);
        assert.ok(!existsSync(join(dir, 'target/run_results.json')), 'write_json: false is honoured');
        assert.equal((await cli(p('build', '-q', '--warn-error-options', '{}', '--write-json'))).code, 0);
        assert.equal(statuses().get('test.cli_flags.id_is_one'), 'warn');
        assert.equal((await cli(p('build', '-q'), { DBT_WARN_ERROR_OPTIONS: '{"error": []}' })).code, 0);
      } finally {
        writeProjectFile(dir, 'dbt_project.yml', project);
      }
    });

    test('a selection that matches nothing warns, or stops the command with exit 2 under --warn-error', async () => {
      const plain = await cli(p('run', '-s', 'no_such_model'));
      assert.equal(plain.code, 0, plain.err);
      assert.match(plain.err, /Warning: .*no_such_model/u);
      assert.match(plain.out, /Nothing to do/u);

      const strict = await cli(p('run', '-s', 'no_such_model', '--warn-error'));
      assert.equal(strict.code, 2);
      assert.match(strict.err, /no_such_model/u);
      assert.match(strict.err, /NoNodesForSelectionCriteria is a warning raised as an error/u);

      // Only NothingToDo is an error: the selection warning prints, then the command stops.
      const nothing = await cli(p('run', '-s', 'no_such_model', '--warn-error-options', '{"error": "all", "warn": ["NoNodesForSelectionCriteria"]}'));
      assert.equal(nothing.code, 2);
      assert.match(nothing.err, /Warning: .*no_such_model/u);
      assert.match(nothing.err, /Nothing to do[\s\S]*NothingToDo is a warning raised as an error/u);

      const silenced = await cli(p('run', '-s', 'no_such_model', '--warn-error-options', '{"silence": ["NoNodesForSelectionCriteria", "NothingToDo"]}'));
      assert.equal(silenced.code, 0);
      assert.doesNotMatch(`${silenced.out}${silenced.err}`, /no_such_model|Nothing to do/u);
    });

    test("a template's exceptions.warn fails its node under --warn-error", async () => {
      writeProjectFile(dir, 'models/warns.sql', "{% if execute %}{% do exceptions.warn('careful with this one') %}{% endif %}\nselect 1 as x\n");
      try {
        assert.equal((await cli(p('run', '-s', 'warns', '-q'))).code, 0);
        const strict = await cli(p('run', '-s', 'warns', '--warn-error'));
        assert.equal(strict.code, 1);
        assert.equal(statuses().get('model.cli_flags.warns'), 'error');
        assert.match(strict.out, /careful with this one/u);
      } finally {
        rmSync(join(dir, 'models/warns.sql'));
      }
    });
  });

  describe('--empty', () => {
    test('run --empty builds every relation with zero rows, refs and sources rendered as dbt-duckdb does', async () => {
      const full = await cli(p('run', '-q'));
      assert.equal(full.code, 0, full.err);
      const run = await cli(p('run', '--empty', '-q'));
      assert.equal(run.code, 0, run.err);
      const [base, child, fromSource, people] = await queryDb(db(), 'select count(*) from main.base', 'select count(*) from main.child', 'select count(*) from main.from_source', 'select count(*) from main.people');
      assert.deepEqual([base, child, fromSource].map(count), [0, 0, 0]);
      assert.equal(count(people), 2, 'seeds are not emptied');
      const compiled = readFileSync(join(dir, 'target/compiled/cli_flags/models/child.sql'), 'utf8');
      assert.match(compiled, /from \(select \* from "flags"\."main"\."base" where false limit 0\)$/u);
      assert.match(compiled, /true as was_empty/u, 'flags.EMPTY is true in templates');
      assert.match(readFileSync(join(dir, 'target/compiled/cli_flags/models/from_source.sql'), 'utf8'), /\(select \* from "flags"\."main"\."people" where false limit 0\)/u);
      assert.equal(readArtifact<{ args: { empty?: boolean } }>(dir, 'run_results.json').args.empty, true);
    });

    test('compile --empty prints the limited SQL; DBT_EMPTY sets it and --no-empty undoes it', async () => {
      const compiled = await cli(p('compile', '-s', 'child', '--empty'));
      assert.equal(compiled.code, 0, compiled.err);
      assert.match(compiled.out, /where false limit 0/u);
      const json = JSON.parse((await cli(p('compile', '-s', 'child', '--empty', '--output', 'json', '-q'))).out) as { node: string; compiled: string };
      assert.equal(json.node, 'child');
      assert.match(json.compiled, /^\nselect id, true as was_empty from \(select \* from "flags"\."main"\."base" where false limit 0\)$/u);
      const byEnv = await cli(p('compile', '-s', 'child'), { DBT_EMPTY: '1' });
      assert.match(byEnv.out, /where false limit 0/u);
      const undone = await cli(p('run', '--no-empty', '-q'), { DBT_EMPTY: 'true' });
      assert.equal(undone.code, 0, undone.err);
      assert.equal(count((await queryDb(db(), 'select count(*) from main.child'))[0]), 2);
    });

    test('build --empty leaves unit tests their fixture rows, as dbt does', async () => {
      writeProjectFile(dir, 'models/unit.yml', 'unit_tests:\n  - name: child_keeps_ids\n    model: child\n    given:\n      - input: ref(\'base\')\n        rows:\n          - {id: 7, name: x}\n    expect:\n      rows:\n        - {id: 7}\n');
      try {
        const run = await cli(p('build', '--empty', '-q', '--select', 'child'));
        assert.equal(run.code, 0, run.out + run.err);
        assert.equal(statuses().get('unit_test.cli_flags.child.child_keeps_ids'), 'pass');
        // dbt's build runs a unit test in its model's turn only: with unit tests alone selected there is nothing to do.
        for (const only of [['--resource-type', 'unit_test'], ['--select', 'test_type:unit']]) {
          const alone = await cli(p('build', ...only));
          assert.equal(alone.code, 0, alone.out + alone.err);
          assert.match(alone.out, /Nothing to do\. Try checking your model configs and model specification args/);
          assert.deepEqual([...statuses().entries()], []);
        }
        // Nor does one whose model is not selected run, though dbt's `N of M` total counts it.
        const other = await cli(p('build', '--select', 'base', 'child_keeps_ids'));
        assert.equal(other.code, 0, other.out + other.err);
        assert.deepEqual([...statuses().keys()], ['model.cli_flags.base', 'test.cli_flags.id_is_one']);
        assert.match(other.out, /1 of 3 START sql \w+ model main\.base/);
        assert.match(other.out, /2 of 3 START test id_is_one/);
        assert.doesNotMatch(other.out, /child_keeps_ids/);
      } finally {
        rmSync(join(dir, 'models/unit.yml'));
      }
    });

    test('only run, build, compile and snapshot take --empty, as in dbt', async () => {
      const seed = await cli(p('seed', '--empty'));
      assert.equal(seed.code, 2);
      assert.match(seed.err, /Error: No such option: --empty/u);
    });
  });

  describe('artifacts', () => {
    test('--no-write-json (and DBT_WRITE_JSON=false) leaves run_results.json and manifest.json unwritten', async () => {
      for (const [args, env] of [[['--no-write-json'], {}], [[], { DBT_WRITE_JSON: 'false' }]] as const) {
        rmSync(join(dir, 'target'), { recursive: true, force: true });
        const run = await cli(p('run', '-q', ...args), env);
        assert.equal(run.code, 0, run.err);
        assert.ok(!existsSync(join(dir, 'target/run_results.json')));
        assert.ok(!existsSync(join(dir, 'target/manifest.json')));
        assert.ok(existsSync(join(dir, 'target/compiled/cli_flags/models/child.sql')), 'compiled SQL is still written');
      }
      assert.equal((await cli(p('parse', '--no-write-json'))).code, 0);
      assert.ok(!existsSync(join(dir, 'target/manifest.json')));
      assert.equal((await cli(p('parse', '--write-json'))).code, 0);
      assert.ok(existsSync(join(dir, 'target/manifest.json')));
    });

    test('--target-path and DBT_TARGET_PATH move the artifacts and compiled SQL', async () => {
      const run = await cli(p('run', '-q', '-s', 'base', '--target-path', 'elsewhere'));
      assert.equal(run.code, 0, run.err);
      assert.deepEqual([...statuses('elsewhere').keys()], ['model.cli_flags.base']);
      assert.ok(existsSync(join(dir, 'elsewhere/compiled/cli_flags/models/base.sql')));
      assert.equal((await cli(p('run', '-q', '-s', 'child'), { DBT_TARGET_PATH: 'from_env' })).code, 0);
      assert.deepEqual([...statuses('from_env').keys()], ['model.cli_flags.child']);
    });
  });

  describe('--resource-type and --exclude-resource-type', () => {
    test('build runs only the given types, minus the excluded ones', async () => {
      assert.equal((await cli(p('build', '-q', '--resource-type', 'model'))).code, 0);
      assert.deepEqual([...statuses().keys()].sort(), ['model.cli_flags.base', 'model.cli_flags.child', 'model.cli_flags.from_source']);
      assert.equal((await cli(p('build', '-q', '--exclude-resource-type', 'test', 'seed'))).code, 0);
      assert.deepEqual([...statuses().keys()].sort(), ['model.cli_flags.base', 'model.cli_flags.child', 'model.cli_flags.from_source']);
      assert.equal((await cli(p('build', '-q', '--resource-types', 'seed', 'test'))).code, 0);
      assert.deepEqual([...statuses().keys()].sort(), ['seed.cli_flags.people', 'test.cli_flags.id_is_one']);
    });

    test('test and ls take them too; an unknown type is a usage error', async () => {
      assert.equal((await cli(p('test', '-q', '--exclude-resource-type', 'test'))).code, 0);
      assert.equal(statuses().size, 0);
      const ls = await cli(p('ls', '-q', '--output', 'name', '--exclude-resource-type', 'test', 'source', 'seed'));
      assert.deepEqual(ls.out.split('\n').sort(), ['base', 'child', 'from_source']);
      const bad = await cli(p('ls', '--resource-type', 'modle'));
      assert.equal(bad.code, 2);
      assert.match(bad.err, /'modle' is not a resource type/u);
    });
  });

  describe('--defer', () => {
    let state = '';
    before(async () => {
      state = await mkdtemp(join(tmpdir(), 'reelhouse-prod-state-'));
      // "Production": the prod target's relations and manifest.
      const prod = await cli(p('build', '-q', '--target', 'prod', '--exclude-resource-type', 'test', '--target-path', 'prod-target'));
      assert.equal(prod.code, 0, prod.err);
      await cp(join(dir, 'prod-target'), state, { recursive: true });
    });
    after(async () => {
      await rm(state, { recursive: true, force: true });
    });

    test('an unbuilt upstream ref reads the state relation; a built one stays local unless --favor-state', async () => {
      await queryDb(db(), 'drop table if exists main.base', 'drop table if exists main.child');
      const noDefer = await cli(p('run', '-s', 'child', '-q'));
      assert.equal(noDefer.code, 1, 'without --defer the missing upstream fails the model');

      const deferred = await cli(p('run', '-s', 'child', '-q', '--defer', '--state', state));
      assert.equal(deferred.code, 0, deferred.err);
      assert.match(readFileSync(join(dir, 'target/compiled/cli_flags/models/child.sql'), 'utf8'), /from "flags"\."prod"\."base"/u);
      assert.equal(count((await queryDb(db(), 'select count(*) from main.child'))[0]), 2);

      assert.equal((await cli(p('run', '-s', 'base', '-q'))).code, 0);
      assert.equal((await cli(p('run', '-s', 'child', '-q', '--defer', '--defer-state', state))).code, 0);
      assert.match(readFileSync(join(dir, 'target/compiled/cli_flags/models/child.sql'), 'utf8'), /from "flags"\."main"\."base"/u);
      assert.equal((await cli(p('run', '-s', 'child', '-q'), { DBT_DEFER: '1', DBT_FAVOR_STATE: 'true', DBT_STATE: state })).code, 0);
      assert.match(readFileSync(join(dir, 'target/compiled/cli_flags/models/child.sql'), 'utf8'), /from "flags"\."prod"\."base"/u);
    });

    test('--defer without --state or --defer-state is a usage error', async () => {
      const run = await cli(p('run', '-s', 'child', '--defer'));
      assert.equal(run.code, 2);
      assert.match(run.err, /--state or --defer-state are required for deferral/u);
    });
  });

  describe('other flags', () => {
    test("dbt's flags with no meaning here are accepted, before or after the command name", async () => {
      const noOps = [
        '--no-partial-parse', '--partial-parse', '--no-version-check', '--no-static-parser', '--no-send-anonymous-usage-stats',
        '--no-populate-cache', '--cache-selected-only', '--no-introspect', '--use-experimental-parser', '--log-cache-events',
        '--no-use-fast-test-edges', '--show-all-deprecations', '--record-timing-info', 'timing.prof', '-r', 'timing.prof',
        '--partial-parse-file-path', 'pp.msgpack', '--log-file-max-bytes', '0', '--no-print', '--no-quiet', '--no-debug',
      ];
      const after = await cli(p('run', '-s', 'base', '-q', ...noOps));
      assert.equal(after.code, 0, after.err);
      const before = await cli([...noOps, 'run', '-s', 'base', '-q', '--project-dir', dir]);
      assert.equal(before.code, 0, before.err);
      const grouped = await cli(['--no-partial-parse', '--quiet', 'source', 'freshness', '--project-dir', dir]);
      assert.equal(grouped.code, 0, grouped.err);
      // dbt makes --fail-fast, --state and --defer global: commands that select nothing take them too.
      const global = await cli(['-x', '--no-version-check', 'deps', '--defer', '--state', dir, '--project-dir', dir]);
      assert.equal(global.code, 0, global.err);
    });

    test('seed --show prints a sample of each seed loaded; build takes --show and prints none, as dbt', async () => {
      const seed = await cli(p('seed', '--show', '-q'));
      assert.equal(seed.code, 0, seed.err);
      // agate's print_table of the rows in random order: integers right-justified, text left.
      // It prints to stdout itself, so --quiet keeps it and hides only the heading's log lines.
      const grid = seed.out.split('\n').filter((l) => l.startsWith('|'));
      assert.deepEqual(grid.slice(0, 2), ['| id | name |', '| -- | ---- |']);
      assert.deepEqual(grid.slice(2).sort(), ['|  1 | ann  |', '|  2 | bob  |']);
      assert.doesNotMatch(seed.out, /Random sample/u);
      // The sample follows the Finished line and precedes the closing summary, its heading logged.
      const loud = await cli(p('seed', '--show'));
      assert.equal(loud.code, 0, loud.err);
      const at = (re: RegExp) => loud.out.search(re);
      assert.ok(at(/Finished running 1 seed/u) < at(/^\d\d:\d\d:\d\d {2}Random sample of table: main\.people\n\d\d:\d\d:\d\d {2}-{35}\n\| id \| name \|$/mu), loud.out);
      assert.ok(at(/\| name \|/u) < at(/Completed successfully/u) && at(/Completed successfully/u) < at(/Done\. PASS=1/u), loud.out);
      const build = await cli(p('build', '--show', '-q', '-s', 'people'));
      assert.equal(build.code, 0, build.err);
      assert.equal(build.out, '');
    });

    test('debug --config-dir names the folder profiles.yml is read from; clean takes --clean-project-files-only', async () => {
      const here = await cli(p('debug', '--config-dir'));
      assert.equal(here.code, 0, here.err);
      assert.match(here.out, new RegExp(`To view your profiles\\.yml file, run:[\\s\\S]*(open|start) ${dir.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}$`, 'u'));
      assert.match((await cli(p('debug', '--config-dir'), { DBT_PROFILES_DIR: 'ci-profiles' })).out, /open ci-profiles$/u);
      const clean = await cli(p('clean', '--clean-project-files-only', '--target-path', 'target'));
      assert.equal(clean.code, 0, clean.err);
      assert.ok(!existsSync(join(dir, 'target')));
    });

    test("a --sample that is not a window is refused with dbt's message", async () => {
      const run = await cli(p('run', '--sample', '3 fortnights'));
      assert.equal(run.code, 2);
      assert.match(run.err, /Invalid grain size 'fortnights'\. Must be one of \['hour', 'day', 'month', 'year', 'hours', 'days', 'months', 'years'\]/u);
    });

    test("--profile picks another profiles.yml profile; -f, --model and DBT_PROJECT_DIR are dbt's spellings", async () => {
      assert.equal((await cli(p('run', '-s', 'base', '-q', '--profile', 'other'))).code, 1, 'the other warehouse has no seed');
      assert.ok(existsSync(join(dir, 'other.duckdb')));
      // A profile asked for by name must exist, as in dbt: no quiet fallback to a default warehouse.
      const typo = await cli(p('run', '-s', 'base', '--profile', 'othr'));
      assert.equal(typo.code, 2);
      assert.match(typo.err, /Could not find profile named 'othr' in .*profiles\.yml\.\n {2}The profiles it defines: flags, other\./u);
      assert.ok(!existsSync(join(dir, 'cli_flags.duckdb')));
      const ls = await cli(['ls', '-q', '--select', 'base', '--output', 'name', '--resource-types', 'model'], { DBT_PROJECT_DIR: dir });
      assert.equal(ls.out, 'base');
      // ls --model means --resource-type model, so dbt refuses the two together.
      // It still selects, and warns as dbt 1.10 does (ModelParamUsageDeprecation, in the closing summary).
      const byModel = (await cli(['ls', '--model', 'base', '--output', 'name'], { DBT_PROJECT_DIR: dir })).out.split('\n').filter((l) => !/^\d\d:\d\d:\d\d {2}/u.test(l));
      assert.equal(byModel[0], 'base');
      assert.ok(byModel.includes('- ModelParamUsageDeprecation: 1 occurrence'), byModel.join('\n'));
      assert.equal((await cli(['ls', '--model', 'base', '--resource-types', 'model'], { DBT_PROJECT_DIR: dir })).code, 2);
      assert.equal((await cli(p('run', '-s', 'base', '-f', '-q'))).code, 0);
      assert.equal(readArtifact<{ args: { full_refresh: boolean } }>(dir, 'run_results.json').args.full_refresh, true);
      assert.ok(readdirSync(join(dir, 'logs')).includes('dbt.log'));
    });
  });
});
