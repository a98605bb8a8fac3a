// End to end: a local package installed by `deps`, adapter.dispatch with the project's search
// order, namespaced macro calls, and dbt's cross-database macros computing on DuckDB.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CROSS_DB_SAMPLES } from '../project/context/index.js';
import { copyProjectsSideBySide, queryDb, runCli, writeProjectFile } from './test-helpers.js';

describe('a project using a local package with dispatched macros', () => {
  let base = '';
  let dir = '';
  const db = (): string => join(dir, 'dispatch.duckdb');

  before(async () => {
    base = await copyProjectsSideBySide('test/fixtures/dispatch_project', 'test/fixtures/local_pkg');
    dir = join(base, 'dispatch_project');
    // Every cross-database sample becomes one row of a model: (index, macro, first value as text).
    const rows = CROSS_DB_SAMPLES.map(
      (s, i) => `select ${i} as idx, '${s.macro}' as macro, cast((select * from (${s.sql}) as q limit 1) as varchar) as v`,
    );
    writeProjectFile(dir, 'models/all_cross_db.sql', `{{ config(materialized='table') }}\n${rows.join('\nunion all\n')}\n`);
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('build before deps is a project error that says to run deps', async () => {
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 2, run.out);
    assert.match(run.err, /Found 1 package\(s\) specified in packages\.yml, but only 0/);
    assert.match(run.err, /reelhouse deps/);
  });

  test('deps installs the local package into dbt_packages', async () => {
    const run = await runCli(['deps', '--project-dir', dir]);
    assert.equal(run.code, 0, run.err);
    assert.ok(lstatSync(join(dir, 'dbt_packages', 'local_pkg')).isSymbolicLink() || lstatSync(join(dir, 'dbt_packages', 'local_pkg')).isDirectory());
    assert.match(readFileSync(join(dir, 'package-lock.yml'), 'utf8'), /local: \.\.\/local_pkg/);
  });

  test('build runs the root project override chosen by the dispatch search order', async () => {
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(db(), 'select id, concatenated, uppered, surrounded, surrounded_hash from main.dispatched order by id');
    assert.deepEqual(rows, [
      [1, 'root:foo+bar', 'duckdb-upper:FOO', '*bar*', '#bar#'],
      [2, 'root:baz+qux', 'duckdb-upper:BAZ', '*qux*', '#qux#'],
    ]);
    const compiled = readFileSync(join(dir, 'target/compiled/dispatch_project/models/dispatched.sql'), 'utf8');
    assert.match(compiled, /'root:' \|\| word_a \|\| '\+' \|\| word_b/);
  });

  test("with a search order naming only the package, the package's duckdb__ implementation runs", async () => {
    const project = join(dir, 'dbt_project.yml');
    const original = readFileSync(project, 'utf8');
    try {
      writeFileSync(project, original.replace("search_order: ['dispatch_project', 'local_pkg']", "search_order: ['local_pkg']"));
      const run = await runCli(['run', '--project-dir', dir, '-s', 'dispatched']);
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
      const [rows] = await queryDb(db(), 'select concatenated from main.dispatched order by id');
      assert.deepEqual(rows, [['duckdb:foobar'], ['duckdb:bazqux']]);
    } finally {
      writeFileSync(project, original);
    }
  });

  test('dbt namespace cross-database macros compute the documented values in DuckDB', async () => {
    const [rows] = await queryDb(
      db(),
      `select cast(day_after as varchar), a_string, abc, cast(month_start as varchar), days_between, second_part, listed, hashed, past_last_part, safe_twelve, cast(last_of_feb as varchar) from main.cross_db`,
    );
    assert.deepEqual(rows![0]!.map((v) => (typeof v === 'bigint' ? Number(v) : v)), [
      '2024-02-29', 'x', 'abc', '2024-03-01', 60, 'b', 'a, b, c', '900150983cd24fb0d6963f7d28e17f72', '', 12, '2024-02-29',
    ]);
  });

  test('every cross-database sample macro yields its expected first value in a built model', async () => {
    const [rows] = await queryDb(db(), 'select idx, macro, v from main.all_cross_db order by idx');
    assert.equal(rows!.length, CROSS_DB_SAMPLES.length);
    const wrong: string[] = [];
    CROSS_DB_SAMPLES.forEach((sample, i) => {
      if (sample.expect === undefined) return;
      const got = rows![i]![2];
      if (got !== sample.expect) wrong.push(`${sample.macro}: ${sample.sql} -> ${String(got)} (expected ${String(sample.expect)})`);
    });
    assert.deepEqual(wrong, []);
    // The samples cover the macros the dbt namespace documents.
    const covered = new Set(CROSS_DB_SAMPLES.map((s) => s.macro));
    for (const m of ['type_string', 'type_int', 'type_numeric', 'type_timestamp', 'type_boolean', 'hash', 'concat', 'dateadd', 'datediff', 'date_trunc', 'last_day', 'safe_cast', 'split_part', 'current_timestamp', 'any_value', 'bool_or', 'listagg', 'position', 'replace', 'right', 'length', 'escape_single_quotes', 'string_literal', 'cast_bool_to_text', 'except', 'intersect', 'array_construct', 'array_append', 'array_concat', 'date_spine']) {
      assert.ok(covered.has(m), `${m} is exercised`);
    }
  });

  test("dbt.concat joins its parts with ' || ' and nothing else, so a surrogate key compiles to dbt's text", () => {
    const compiled = readFileSync(join(dir, 'target/compiled/dispatch_project/models/all_cross_db.sql'), 'utf8');
    assert.match(compiled, /select 'a' \|\| 'b' \|\| 'c' as v/);
  });

  test('clean removes dbt_packages and target', async () => {
    const run = await runCli(['clean', '--project-dir', dir]);
    assert.equal(run.code, 0, run.err);
    assert.throws(() => lstatSync(join(dir, 'dbt_packages')));
    assert.throws(() => lstatSync(join(dir, 'target')));
    // The package's source folder, reached through the link, is untouched.
    assert.ok(lstatSync(join(base, 'local_pkg', 'macros', 'my_concat.sql')).isFile());
  });
});
