// validation.any in config.get(): a project's external_location macro written in the adapter-macro
// style (`validator=validation.any[basestring]`) names its external models' files through the CLI.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scenarioProject } from '../../cli/incremental-scenario-kit.js';
import { validationNamespace } from './validation-namespace.js';

const MACRO = `{% macro external_location(relation, config) %}
  {%- set root = config.get('external_root', validator=validation.any[basestring]) -%}
  {{ return(root ~ model['fqn'][1] ~ '/' ~ model['alias'] ~ '.' ~ config.get('format', 'parquet')) }}
{%- endmacro %}
`;

describe('validation', () => {
  test('validation.any(...) accepts the values it names and refuses others as dbt words it', () => {
    const any = validationNamespace()['any'] as (...a: unknown[]) => (v: unknown) => unknown;
    assert.equal(any('a', 'b')('b'), null);
    assert.throws(() => any('a', 'b')('c'), /Expected value "c" to be one of a,b/);
  });

  test("a macro's config.get(..., validator=validation.any[basestring]) reads the config", async () => {
    const p = await scenarioProject({
      'macros/external_location.sql': MACRO,
      'models/silver/orders.sql': 'select 1 as id',
      'dbt_project.yml': "name: scenario\nversion: '1.0'\nconfig-version: 2\nprofile: scenario\nmodels:\n  scenario:\n    +materialized: external\n    +external_root: lake/\n",
    });
    try {
      await p.ok('run');
      assert.ok(existsSync(join(p.dir, 'lake', 'silver', 'orders.parquet')));
      assert.deepEqual(await p.rows('select id from main.orders'), [[1]]);
    } finally {
      await p.dispose();
    }
  });
});
