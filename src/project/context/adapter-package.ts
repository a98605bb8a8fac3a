// Which built-in macros dbt's manifest files under the adapter plugin's package. With dbt-duckdb,
// dbt loads the plugin's macros as package `dbt_duckdb` (`macro.dbt_duckdb.duckdb__dateadd`),
// beside dbt's own `dbt` package. Reelhouse ships both sets in one global project and resolves
// them as dbt does (the `dbt` namespace and dispatch search both); only the ids they are listed
// under in manifest.json and depends_on.macros differ, and those follow dbt.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globalProjectDir } from './global-project.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';

/** The package name dbt gives the DuckDB adapter plugin's macros. */
export const ADAPTER_PACKAGE = 'dbt_duckdb';

/** Folder of the global project holding macros that only the adapter plugin provides. */
const ADAPTER_FOLDER = join('macros', 'duckdb');

let folderMacros: Set<string> | undefined;

// Names of the macros defined in the adapter folder, read once.
function adapterFolderMacros(): Set<string> {
  if (folderMacros) return folderMacros;
  const names = new Set<string>();
  try {
    const dir = join(globalProjectDir(), ADAPTER_FOLDER);
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.sql')) continue;
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/\{%-?\s*macro\s+(\w+)/g)) names.add(m[1]!);
    }
  } catch {
    // no adapter folder: only the duckdb__ prefix marks adapter macros
  }
  folderMacros = names;
  return names;
}

/**
 * The package a built-in macro is listed under in the manifest: `dbt_duckdb` for the adapter's
 * implementations (`duckdb__*`) and its own helpers, `dbt` for the rest. Macros of other packages keep theirs.
 */
export function manifestMacroPackage(pkg: string, name: string): string {
  if (pkg !== GLOBAL_PACKAGE) return pkg;
  return name.startsWith('duckdb__') || adapterFolderMacros().has(name) ? ADAPTER_PACKAGE : pkg;
}
