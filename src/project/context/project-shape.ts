// What the renderer reads from a loaded project. Declared structurally so this folder builds
// on the loader's contract (LoadedProject) without depending on its internals.
import type { Manifest } from '../types.js';
import type { Diagnostic } from '../../core/diagnostic.js';

/** One `dispatch:` entry of dbt_project.yml. */
export interface DispatchEntry {
  macro_namespace: string;
  search_order: string[];
}

/** The parts of dbt_project.yml the renderer uses. */
export interface RendererProjectConfig {
  name: string;
  version?: string | number | null;
  profile?: string | null;
  dispatch?: DispatchEntry[] | null;
  quoting?: { database?: boolean; schema?: boolean; identifier?: boolean } | null;
  [key: string]: unknown;
}

/** The resolved profiles.yml output (`target` in templates). */
export interface RendererTarget {
  name: string;
  type: string;
  schema: string;
  database: string;
  threads?: number;
  path?: string;
  profileName?: string;
  [key: string]: unknown;
}

/** A macro file to compile, with the package it belongs to. */
export interface MacroFile {
  packageName: string;
  path: string;
  source: string;
}

/**
 * dbt's var() lookup. The loader's resolver is used through whichever of these it offers:
 * `resolve(name, packageName)` returning `{ found, value }`, `get(name, packageName)`
 * returning undefined when missing, or `has` + `get`.
 */
export interface VarLookup {
  resolve?(name: string, packageName?: string): { found: boolean; value?: unknown } | unknown;
  get?(name: string, packageName?: string): unknown;
  has?(name: string, packageName?: string): boolean;
}

/** The loaded project as the renderer needs it (a structural subset of LoadedProject). */
export interface RendererProject {
  projectDir: string;
  project: RendererProjectConfig;
  target: RendererTarget;
  manifest: Manifest;
  packages: { name: string; root: string }[];
  macroFiles: MacroFile[];
  vars: VarLookup | Record<string, unknown>;
  diagnostics?: Diagnostic[];
}
