// What the renderer reads from a loaded project. Declared structurally so this folder builds
// on the loader's contract (LoadedProject) without depending on its internals.
import type { Manifest } from '../types.js';
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';

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
  quoting?: Record<string, unknown> | null;
  /** The `flags:` block; behaviour flags among them reach `adapter.behavior`. */
  flags?: Record<string, unknown> | null;
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

/** dbt's var() lookup, as the loader's VarResolver provides it. */
export interface VarLookup {
  /** The --vars given on the command line. */
  readonly cliVars?: Record<string, unknown>;
  /** The root project's own `vars:` block, as written. */
  readonly projectVars?: Record<string, unknown>;
  has(name: string, packageName?: string): boolean;
  get(name: string, lookup?: { packageName?: string; nodeName?: string; location?: SourceLocation; default?: unknown }): unknown;
}

/** The loaded project as the renderer needs it (a structural subset of LoadedProject). */
export interface RendererProject {
  projectDir: string;
  project: RendererProjectConfig;
  target: RendererTarget;
  manifest: Manifest;
  packages: { name: string; root: string; project?: { version?: string | number | null } }[];
  macroFiles: MacroFile[];
  vars: VarLookup;
  diagnostics?: Diagnostic[];
}
