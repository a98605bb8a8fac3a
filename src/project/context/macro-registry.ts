// Every macro of every package, compiled once (a built-in one when first called), indexed by package and name.
import type { Environment, MacroDefinition, StaticCall } from '../../templating/index.js';
import { userError } from '../../core/diagnostic.js';
import type { MacroFile } from './project-shape.js';
import { findBlocks } from '../load/jinja-blocks.js';
import { indexedMacroFile, MACRO_BLOCKS, macroTextKey, type IndexedMacro, type IndexedMacroFile } from '../load/macro-file-index.js';

/** The package name Reelhouse's built-in dbt macros load under, as dbt's global project. */
export const GLOBAL_PACKAGE = 'dbt';

/** All compiled macros, by package then by name. */
export class MacroRegistry {
  readonly byPackage = new Map<string, Map<string, MacroDefinition>>();
  /** The calls each macro's source makes (read at compile), by package then name. */
  private readonly calls = new Map<string, Map<string, readonly StaticCall[]>>();

  /** `index` answers what the build recorded for a built-in file's text (the build's index unless given). */
  constructor(env: Environment, files: readonly MacroFile[], index: (source: string) => IndexedMacroFile | undefined = indexedMacroFile) {
    for (const file of files) {
      const indexed = file.packageName === GLOBAL_PACKAGE ? index(file.source) : undefined;
      const template = indexed ? undefined : env.compile(file.source, file.path);
      const defs = indexed ? indexed.macros.map((m) => lazyDefinition(env, file, m)) : template!.macros;
      let pkg = this.byPackage.get(file.packageName);
      if (!pkg) this.byPackage.set(file.packageName, (pkg = new Map()));
      let calls = this.calls.get(file.packageName);
      if (!calls) this.calls.set(file.packageName, (calls = new Map()));
      for (const [i, def] of defs.entries()) {
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
        calls.set(def.name, indexed ? indexed.macros[i]!.calls : (template!.macroCalls.get(def.name) ?? []));
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

/** A built-in macro known from the index, compiled (with the rest of its file) when first called. */
function lazyDefinition(env: Environment, file: MacroFile, macro: IndexedMacro): MacroDefinition {
  let compiled: MacroDefinition | undefined;
  return {
    name: macro.name,
    filename: file.path,
    line: macro.line,
    params: macro.params,
    bind(context) {
      compiled ??= env.compile(file.source, file.path).macros.find((d) => d.name === macro.name);
      if (!compiled) throw new Error(`the built-in macro ${macro.name} is missing from ${file.path}: rebuild Reelhouse`);
      return compiled.bind(context);
    },
  };
}

/** What the build's index records for each built-in macro file, by the key of its text. */
export function indexMacroFiles(env: Environment, files: readonly MacroFile[]): Record<string, IndexedMacroFile> {
  const out: Record<string, IndexedMacroFile> = {};
  for (const file of files) {
    const template = env.compile(file.source, file.path);
    out[macroTextKey(file.source)] = {
      blocks: findBlocks(file.source, MACRO_BLOCKS).blocks,
      macros: template.macros.map((d) => ({ name: d.name, line: d.line, params: d.params, calls: [...(template.macroCalls.get(d.name) ?? [])] })),
    };
  }
  return out;
}
