import type { Diagnostic } from '../core/diagnostic.js';
import type { MacroNode } from '../project/types.js';
import { materializations } from './registry.js';

const MATERIALIZATION_MACRO = /^materialization_(.+)_([a-z0-9]+)$/u;

/**
 * Built-in names dbt-duckdb defines for its own adapter. dbt ranks an adapter's block above any
 * `default` one, wherever that is written, so a project's or package's default block for these
 * never runs under dbt either and deserves no warning.
 */
const DUCKDB_OWN_MATERIALIZATIONS = new Set(['table', 'incremental', 'external']);

/**
 * Warnings for `{% materialization %}` blocks of a project or package that reuse a built-in
 * name (table, view, incremental...): Reelhouse builds those in TypeScript and never runs the
 * block. Blocks with other names run (see jinja-materialization.ts) and get no warning, nor
 * does the root project's own `test` block, which runs in place of the built-in one
 * (test-materialization-override.ts), nor a package's under
 * require_explicit_package_overrides_for_builtin_materializations: false. Returns one warning
 * per shadowed name (call once per invocation).
 */
export function customMaterializationWarnings(macros: Record<string, MacroNode>, builtinPackages: string[] = ['dbt'], rootPackage?: string, packageOverrides = false): Diagnostic[] {
  const seen = new Set<string>();
  // A package's test block runs when the project lets packages override built-in materializations.
  if (packageOverrides) seen.add('test');
  // The root project's own test block runs, and wins over any package's of that name.
  const isRootTest = (m: MacroNode) => m.package_name === rootPackage && MATERIALIZATION_MACRO.exec(m.name)?.[1] === 'test';
  if (rootPackage !== undefined && Object.values(macros).some(isRootTest)) seen.add('test');
  const out: Diagnostic[] = [];
  for (const macro of Object.values(macros)) {
    if (builtinPackages.includes(macro.package_name) || macro.package_name.startsWith('dbt_')) continue;
    // dbt itself passes over an installed package's block for a built-in name, without a word,
    // unless the project opts out of require_explicit_package_overrides_for_builtin_materializations.
    if (rootPackage !== undefined && macro.package_name !== rootPackage && !packageOverrides) continue;
    const match = MATERIALIZATION_MACRO.exec(macro.name);
    if (!match?.[1] || seen.has(match[1])) continue;
    const name = match[1];
    if (materializations[name] === undefined && name !== 'ephemeral') continue;
    if (match[2] === 'default' && DUCKDB_OWN_MATERIALIZATIONS.has(name)) continue;
    seen.add(name);
    out.push({
      code: 'custom-materialization-ignored',
      severity: 'warning',
      message: `The materialization '${name}' defined in package ${macro.package_name} is ignored; Reelhouse's built-in '${name}' materialization is used instead.`,
      hint: 'Reelhouse builds its built-in materializations itself; give the block another name to run it.',
      location: { file: macro.origin.file },
    });
  }
  return out;
}
