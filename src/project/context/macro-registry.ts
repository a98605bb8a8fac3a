// Every macro of every package, compiled once, indexed by package and name.
import type { Environment, MacroDefinition, StaticCall } from '../../templating/index.js';
import { userError } from '../../core/diagnostic.js';
import type { MacroFile } from './project-shape.js';

/** The package name Reelhouse's built-in dbt macros load under, as dbt's global project. */
export const GLOBAL_PACKAGE = 'dbt';

/** All compiled macros, by package then by name. */
export class MacroRegistry {
  readonly byPackage = new Map<string, Map<string, MacroDefinition>>();
  /** The calls each macro's source makes (read at compile), by package then name. */
  private readonly calls = new Map<string, Map<string, readonly StaticCall[]>>();

  constructor(env: Environment, files: readonly MacroFile[]) {
    for (const file of files) {
      const template = env.compile(file.source, file.path);
      let pkg = this.byPackage.get(file.packageName);
      if (!pkg) this.byPackage.set(file.packageName, (pkg = new Map()));
      let calls = this.calls.get(file.packageName);
      if (!calls) this.calls.set(file.packageName, (calls = new Map()));
      for (const def of template.macros) {
        const existing = pkg.get(def.name);
        if (existing) {
          throw userError(
            'duplicate-macro',
            `Two macros named "${def.name}" in package "${file.packageName}": ${existing.filename}:${existing.line} and ${def.filename}:${def.line}`,
            { file: def.filename, line: def.line },
            'Rename or remove one of them.',
          );
        }
        pkg.set(def.name, def);
        calls.set(def.name, template.macroCalls.get(def.name) ?? []);
      }
    }
  }

  /** The macro `name` of package `pkg`, if there is one. */
  get(pkg: string, name: string): MacroDefinition | undefined {
    return this.byPackage.get(pkg)?.get(name);
  }

  /** The calls the source of macro `name` of package `pkg` makes, in order (empty if unknown). */
  callsOf(pkg: string, name: string): readonly StaticCall[] {
    return this.calls.get(pkg)?.get(name) ?? [];
  }

  /** Names of packages that define at least one macro. */
  packageNames(): string[] {
    return [...this.byPackage.keys()];
  }
}
