import type { Diagnostic } from '../core/diagnostic.js';
import type { MacroNode } from '../project/types.js';
import { materializations } from './registry.js';

const MATERIALIZATION_MACRO = /^materialization_(.+)_([a-z0-9]+)$/u;

/**
 * Warnings for `{% materialization %}` blocks defined in a project or package: Reelhouse runs its
 * own materializations in TypeScript and never executes a user-defined one. Returns one warning
 * per materialization name (call once per invocation).
 */
export function customMaterializationWarnings(macros: Record<string, MacroNode>, builtinPackages: string[] = ['dbt']): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const macro of Object.values(macros)) {
    if (builtinPackages.includes(macro.package_name) || macro.package_name.startsWith('dbt_')) continue;
    const match = MATERIALIZATION_MACRO.exec(macro.name);
    if (!match?.[1] || seen.has(match[1])) continue;
    const name = match[1];
    seen.add(name);
    const ours = materializations[name] !== undefined;
    out.push({
      code: 'custom-materialization-ignored',
      severity: 'warning',
      message: ours
        ? `The materialization '${name}' defined in package ${macro.package_name} is ignored; Reelhouse's built-in '${name}' materialization is used instead.`
        : `The materialization '${name}' defined in package ${macro.package_name} is ignored; models configured with it will fail.`,
      hint: 'Reelhouse implements materializations itself and does not run {% materialization %} blocks.',
      location: { file: macro.origin.file },
    });
  }
  return out;
}
