import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MacroNode } from '../project/types.js';
import { customMaterializationWarnings } from './custom-materializations.js';
import { findMaterializationMacro } from './jinja-materialization.js';

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
  it('warns once per built-in name a {% materialization %} block shadows, and not for other names', () => {
    const warnings = customMaterializationWarnings({
      a: macro('shop', 'materialization_insert_overwrite_default'),
      b: macro('shop', 'materialization_insert_overwrite_duckdb'),
      c: macro('shop', 'materialization_table_duckdb'),
      f: macro('shop', 'materialization_table_default'),
      d: macro('dbt', 'materialization_view_default'),
      e: macro('shop', 'cents_to_dollars'),
    });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /'table'.*built-in 'table' materialization is used instead/);
    assert.ok(warnings.every((w) => w.severity === 'warning' && w.code === 'custom-materialization-ignored'));
  });

  it("does not warn about test blocks when the root project writes its own, which runs in place of the built-in one, nor about a package's", () => {
    const macros = {
      a: macro('shop', 'materialization_test_default'),
      b: macro('observer', 'materialization_test_default'),
      c: macro('observer', 'materialization_view_default'),
    };
    assert.deepEqual(customMaterializationWarnings(macros, ['dbt'], 'shop', true).map((w) => w.message.match(/'(\w+)'/)?.[1]), ['view']);
    assert.deepEqual(customMaterializationWarnings(macros, ['dbt'], 'other', true).map((w) => w.message.match(/'(\w+)'/)?.[1]), ['view']);
  });

  it("passes over installed packages' blocks for built-in names silently, as dbt does, unless the project lets packages override them", () => {
    const macros = {
      b: macro('observer', 'materialization_test_default'),
      c: macro('observer', 'materialization_view_default'),
    };
    assert.deepEqual(customMaterializationWarnings(macros, ['dbt'], 'shop'), []);
    // With the opt-out the package's test block runs; its view block still cannot.
    assert.deepEqual(customMaterializationWarnings(macros, ['dbt'], 'shop', true).map((w) => w.message.match(/'(\w+)'/)?.[1]), ['view']);
  });

  it("does not warn about default blocks for table, incremental or external, which dbt-duckdb's own blocks outrank under dbt too", () => {
    const macros = {
      a: macro('shop', 'materialization_table_default'),
      b: macro('observer', 'materialization_incremental_default'),
      c: macro('observer', 'materialization_external_default'),
      d: macro('observer', 'materialization_table_default'),
    };
    assert.deepEqual(customMaterializationWarnings(macros, ['dbt'], 'shop', true), []);
    assert.deepEqual(customMaterializationWarnings({ e: macro('shop', 'materialization_incremental_duckdb') }, ['dbt'], 'shop').map((w) => w.message.match(/'(\w+)'/)?.[1]), ['incremental']);
  });

  it("finds the adapter's block before the default one, the root project's before a package's before dbt's", () => {
    const macros = {
      a: macro('dbt', 'materialization_swap_default'),
      b: macro('pkg_b', 'materialization_swap_default'),
      c: macro('pkg_a', 'materialization_swap_default'),
      d: macro('shop', 'materialization_swap_default'),
      e: macro('dbt', 'materialization_swap_duckdb'),
    };
    assert.deepEqual(findMaterializationMacro(macros, 'swap', 'duckdb', 'shop'), { packageName: 'dbt', macroName: 'materialization_swap_duckdb' });
    assert.deepEqual(findMaterializationMacro(macros, 'swap', 'postgres', 'shop'), { packageName: 'shop', macroName: 'materialization_swap_default' });
    assert.deepEqual(findMaterializationMacro(macros, 'swap', 'postgres', 'other'), { packageName: 'pkg_a', macroName: 'materialization_swap_default' });
    assert.equal(findMaterializationMacro(macros, 'unknown', 'duckdb', 'shop'), undefined);
  });
});
