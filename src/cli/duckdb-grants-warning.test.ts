// grants on DuckDB, end to end: dbt-duckdb applies none (DuckDB has no GRANT) and says so once
// per command, from whichever built-in materialization reaches its apply_grants step first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csv, scenarioProject } from './incremental-scenario-kit.js';

const WARNING = /Grants for relations are not supported by DuckDB/g;

describe('grants on DuckDB', () => {
  test('a build with grants configured warns once that DuckDB applies none; without grants it says nothing', async () => {
    const p = await scenarioProject({
      'models/titles.sql': "{{ config(materialized='table') }}\nselect 1 as title_id",
      'models/recent.sql': 'select * from {{ ref("titles") }}',
      'models/watch_log.sql': "{{ config(materialized='incremental') }}\nselect 1 as n",
      'seeds/plans.csv': csv('plan_id', [1]),
    });
    try {
      const plain = await p.ok('build');
      assert.doesNotMatch(plain.out + plain.err, WARNING);
      p.write('dbt_project.yml', "name: scenario\nversion: '1.0'\nconfig-version: 2\nprofile: scenario\nmodels:\n  +grants: {select: [reporter]}\nseeds:\n  +grants: {select: [reporter]}\n");
      const granted = await p.ok('build');
      assert.equal((granted.out + granted.err).match(WARNING)?.length, 1, granted.out + granted.err);
      // The relations are built all the same.
      assert.deepEqual(await p.rows('select count(*) from main.recent'), [[1]]);
    } finally {
      await p.dispose();
    }
  });

  test("a view sent in one batch warns too, and a project materialization's apply_grants shares the one warning", async () => {
    const p = await scenarioProject({
      'models/recent.sql': "{{ config(grants={'select': ['reporter']}) }}\nselect 1 as id",
      'models/stamped.sql': "{{ config(materialized='stamped', grants={'select': ['reporter']}) }}\nselect 1 as id",
      'macros/stamped.sql': `{% materialization stamped, default %}
{% set target_relation = this.incorporate(type='table') %}
{% call statement('main') %}create or replace table {{ target_relation }} as {{ sql }}{% endcall %}
{% do apply_grants(target_relation, config.get('grants')) %}
{{ return({'relations': [target_relation]}) }}
{% endmaterialization %}`,
    });
    try {
      const run = await p.ok('run');
      assert.equal((run.out + run.err).match(WARNING)?.length, 1, run.out + run.err);
    } finally {
      await p.dispose();
    }
  });
});
