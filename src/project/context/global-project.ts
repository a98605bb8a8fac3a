// Locates and reads Reelhouse's built-in dbt macros (include/global_project/macros), which
// load as package `dbt` like dbt's own global project.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MacroFile } from './project-shape.js';
import { GLOBAL_PACKAGE } from './macro-registry.js';

/** Absolute path of the built-in global project (the folder holding `macros/`). */
export function globalProjectDir(): string {
  // Compiled code runs from dist/src/project/context; sources sit at src/project/context.
  for (const up of ['../../../../include/global_project', '../../../include/global_project']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    try {
      if (statSync(join(dir, 'macros')).isDirectory()) return dir;
    } catch {
      // try the next candidate
    }
  }
  throw new Error('the built-in global_project macros are missing from this installation');
}

/** Every built-in macro file, as package `dbt`, with paths relative to the global project. */
export function globalProjectMacroFiles(): MacroFile[] {
  const root = globalProjectDir();
  const out: MacroFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.sql')) {
        out.push({ packageName: GLOBAL_PACKAGE, path: relative(root, full), source: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(root, 'macros'));
  return out;
}
