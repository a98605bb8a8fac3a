// End to end: a data test whose ref or source names nothing gets dbt's NodeNotFoundOrDisabled
// warning in its words (`in package ''` when the ref names no package), printed while refs are
// linked, every source before any ref as dbt resolves them: before the unused-configuration-paths
// warning dbt gives once the manifest is checked, before a resource name with a space stops the
// parse, and (missing sources only) before a model's missing ref stops it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

const cli = (dir: string, ...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

async function appMarket(): Promise<string> {
  const dir = await newProject('app_market', 'models:\n  app_market:\n    marts:\n      +materialized: table\n');
  writeProjectFile(dir, 'models/staging/stg_apps.sql', 'select 1 as app_id\n');
  writeProjectFile(dir, 'models/staging/schema.yml', `sources:
  - name: play
    tables:
      - name: apps
models:
  - name: dim_apps_scd
    columns:
      - name: app_id
        data_tests: [not_null]
  - name: stg_apps
    columns:
      - name: app_id
        data_tests:
          - relationships:
              arguments:
                to: ref('app_market', 'dim_genres')
                field: genre_id
          - relationships:
              arguments:
                to: source('play', 'reviews')
                field: app_id
`);
  return dir;
}

test("a data test's missing target is warned of as dbt words it, in package '' when the ref names none", async () => {
  const dir = await appMarket();
  try {
    const run = await cli(dir, 'parse');
    assert.equal(run.code, 0, run.out + run.err);
    const text = run.out + run.err;
    assert.match(text, /Test 'test\.app_market\.not_null_dim_apps_scd_app_id\.\w+' \(models\/staging\/schema\.yml\) depends on a node named 'dim_apps_scd' in package '' which was not found/u);
    assert.match(text, /Test 'test\.app_market\.relationships_stg_apps_[\w.]+' \(models\/staging\/schema\.yml\) depends on a node named 'dim_genres' in package 'app_market' which was not found/u);
    assert.match(text, /Test 'test\.app_market\.relationships_stg_apps_[\w.]+' \(models\/staging\/schema\.yml\) depends on a source named 'play\.reviews' in package '' which was not found/u);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a data test's missing target is warned of before the unused configuration paths", async () => {
  const dir = await appMarket();
  try {
    const run = await cli(dir, 'parse');
    const text = run.out + run.err;
    const missing = text.indexOf("depends on a node named 'dim_apps_scd'");
    const unused = text.indexOf('Configuration paths exist in your dbt_project.yml file which do not apply to any resources.');
    assert.ok(missing >= 0 && unused >= 0, text);
    assert.ok(missing < unused, text);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a data test's missing target is warned of before a resource name with a space stops the parse", async () => {
  const dir = await appMarket();
  try {
    writeProjectFile(dir, 'models/staging/fact_reviews (1).sql', 'select 1 as review_id\n');
    const run = await cli(dir, 'parse');
    const text = run.out + run.err;
    assert.equal(run.code, 2, text);
    assert.match(text, /depends on a node named 'dim_apps_scd' in package '' which was not found/u);
    assert.match(text, /Resource names cannot contain spaces/u);
    // Linking stopped before the manifest's own checks, as dbt's parse stops before them.
    assert.doesNotMatch(text, /Configuration paths exist/u);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("data tests' missing sources are warned of before their missing refs, as dbt resolves every source before any ref", async () => {
  const dir = await appMarket();
  try {
    const run = await cli(dir, 'parse');
    const text = run.out + run.err;
    const source = text.indexOf("depends on a source named 'play.reviews'");
    const ref = text.indexOf("depends on a node named 'dim_apps_scd'");
    assert.ok(source >= 0 && ref >= 0, text);
    assert.ok(source < ref, text);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a model's missing ref stops the parse after the data tests' missing-source warnings and before their missing-ref ones", async () => {
  const dir = await appMarket();
  try {
    writeProjectFile(dir, 'models/marts/fct_reviews.sql', "select * from {{ ref('stg_reviews') }}\n");
    const run = await cli(dir, 'parse');
    const text = run.out + run.err;
    assert.equal(run.code, 2, text);
    assert.match(text, /Test '[\w.]+' \(models\/staging\/schema\.yml\) depends on a source named 'play\.reviews' in package '' which was not found/u);
    assert.match(text, /Model 'model\.app_market\.fct_reviews' \(models\/marts\/fct_reviews\.sql\) depends on a node named 'stg_reviews' which was not found/u);
    assert.doesNotMatch(text, /depends on a node named 'dim_apps_scd'/u);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
