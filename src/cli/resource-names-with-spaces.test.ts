// End to end: dbt 1.10 stops the parse when a resource name holds a space (the behaviour flag
// require_resource_names_without_spaces is on by default); a project that turns the flag off
// builds the node as named, with dbt's ResourceNamesWithSpacesDeprecation in the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hasStackTrace, newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';

const cli = (dir: string, ...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

async function boxOffice(projectYaml = ''): Promise<string> {
  const dir = await newProject('box_office', projectYaml);
  writeProjectFile(dir, 'models/marts/dim_titles.sql', "select 1 as title_id, 'Heat' as title\n");
  writeProjectFile(dir, 'models/marts/dim_titles (1).sql', "select 2 as title_id, 'Ran' as title\n");
  return dir;
}

test('a model whose file name has a space stops the parse with dbt 1.10 error, naming the node', async () => {
  const dir = await boxOffice();
  try {
    const run = await cli(dir, 'build');
    const text = run.out + run.err;
    assert.notEqual(run.code, 0, text);
    assert.match(text, /Resource names cannot contain spaces: found spaces in the name of `model\.box_office\.dim_titles \(1\)`/);
    assert.match(text, /dim_titles \(1\)\.sql/);
    assert.ok(!hasStackTrace(text), text);
    // Nothing ran: the warehouse holds neither model.
    if (existsSync(join(dir, 'box_office.duckdb'))) {
      const [rows] = await queryDb(join(dir, 'box_office.duckdb'), "select table_name from information_schema.tables where table_name like 'dim_titles%'");
      assert.deepEqual(rows, []);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a model that disables itself with config() does not count, as dbt checks enabled nodes only', async () => {
  const dir = await boxOffice();
  try {
    writeProjectFile(dir, 'models/marts/dim_titles (1).sql', "{{ config(enabled=false) }}\nselect 2 as title_id\n");
    const run = await cli(dir, 'parse');
    assert.equal(run.code, 0, run.out + run.err);
    assert.doesNotMatch(run.out + run.err, /spaces/i);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('with require_resource_names_without_spaces off, the model builds as named and the deprecation is counted', async () => {
  const dir = await boxOffice('flags:\n  require_resource_names_without_spaces: false\n');
  try {
    const run = await cli(dir, 'build');
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out + run.err, /Spaces found in 1 resource name\(s\)\. This is deprecated, and may lead to errors when using dbt\./);
    assert.match(run.out, /- ResourceNamesWithSpacesDeprecation: 1 occurrence\n/);
    const [rows] = await queryDb(join(dir, 'box_office.duckdb'), 'select title from main."dim_titles (1)"');
    assert.deepEqual(rows, [['Ran']]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
