import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MacroNode } from '../project/types.js';
import { customMaterializationWarnings } from './custom-materializations.js';

function macro(pkg: string, name: string): MacroNode {
  return {
    unique_id: `macro.${pkg}.${name}`,
    resource_type: 'macro',
    package_name: pkg,
    name,
    original_file_path: `macros/${name}.sql`,
    path: `macros/${name}.sql`,
    macro_sql: '',
    description: '',
    meta: {},
    arguments: [],
    depends_on: { macros: [] },
    origin: { file: `macros/${name}.sql`, root: '/' },
  };
}

describe('user-defined materializations', () => {
  it('warns once per name that a {% materialization %} block is not run', () => {
    const warnings = customMaterializationWarnings({
      a: macro('shop', 'materialization_insert_overwrite_default'),
      b: macro('shop', 'materialization_insert_overwrite_duckdb'),
      c: macro('shop', 'materialization_table_duckdb'),
      d: macro('dbt', 'materialization_view_default'),
      e: macro('shop', 'cents_to_dollars'),
    });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!.message, /'insert_overwrite'.*ignored; models configured with it will fail/);
    assert.match(warnings[1]!.message, /'table'.*built-in 'table' materialization is used instead/);
    assert.ok(warnings.every((w) => w.severity === 'warning' && w.code === 'custom-materialization-ignored'));
  });
});
