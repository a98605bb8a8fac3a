// loadProject: reads dbt_project.yml, profiles.yml, installed packages and every resource
// and property file into a Manifest with configs merged from dbt_project.yml and YAML.
// config() calls inside SQL are applied later by the parse step, with mergeConfig.
import { isoUtc } from '../../core/clock.js';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DBT_VERSION } from '../../core/dbt-version.js';
import { fileURLToPath } from 'node:url';
import { dbtCustomEnv } from '../../core/custom-env.js';
import { userError, type Diagnostic } from '../../core/diagnostic.js';
import type { CompiledNode, Manifest } from '../types.js';
import { buildProjectConfig, lineOfPath, projectProfileName, readProjectYaml } from './dbt-project.js';
import { FileReader } from './files.js';
import type { LoadedPackage, LoadedProject, LoadOptions, MacroFile, ProjectConfig, TargetConfig } from './load-types.js';
import type { LoadState, PackageContext } from './load-state.js';
import { checkConfigTypes } from './config-merge.js';
import { projectHookNodes } from './hook-nodes.js';
import { applyNodePatches, pluralResourceType } from './node-patches.js';
import { checkPackagesInstalled } from './packages-installed.js';
import { checkPropertyKeys, loadOtherProperties } from './other-properties.js';
import { resolveTarget } from './profile.js';
import { linkSemanticLayer } from './semantic-layer.js';
import { linkExposureMetrics } from './exposure-metrics.js';
import { semanticLayerDeprecations } from './semantic-deprecations.js';
import { prepareRenderer, renderTree, type RenderContext } from './render-values.js';
import { yamlRenderContext, type YamlInvocation } from '../context/yaml-base-context.js';
import { resolveDocs } from './resolve-docs.js';
import { loadPackageResources, type TextFile } from './resources.js';
import { loadSources } from './sources.js';
import { checkFixtureNames } from './unit-test-fixture-files.js';
import { unusedConfigPathsWarning } from './unused-config-paths.js';
import { applyUserConfig } from './user-config.js';
import { createVarResolver, makeEnvVar, missingVarMessage, type VarResolver } from './vars.js';
import { isRecord, parsePropertyYaml, parseYaml } from './yaml-file.js';
import { withTypedMeta } from './yaml-typed-meta.js';
import type { PropertyFile } from './yaml-entries.js';

/** Folder of the dbt macros shipped with Reelhouse (loaded as package `dbt`). */
export function globalProjectDir(): string {
  return fileURLToPath(new URL('../../../../include/global_project', import.meta.url));
}

/** Reads a project folder into typed nodes; user mistakes throw ReelhouseError with file and line. */
export async function loadProject(options: LoadOptions): Promise<LoadedProject> {
  const projectDir = resolve(options.projectDir);
  const env = options.env ?? process.env;
  const cliVars = options.vars ?? {};
  const diagnostics: Diagnostic[] = [];
  await prepareRenderer();

  const projectYaml = await readProjectYaml(projectDir);
  const envVar = makeEnvVar(env);
  const cliVar = cliVarLookup(cliVars);
  const baseContext: RenderContext = yamlRenderContext({ env_var: envVar, var: cliVar }, options.invocation);
  const projectName = isRecord(projectYaml.value) && typeof projectYaml.value.name === 'string' ? projectYaml.value.name : 'project';
  let userConfig: { config: Record<string, unknown>; location: { file: string; line: number } } | undefined;
  const target = await resolveTarget({
    projectDir, projectName, profileName: options.profile ?? projectProfileName(projectYaml, baseContext), profileFromFlag: options.profile !== undefined,
    profilesDir: options.profilesDir, target: options.target, env, context: baseContext, diagnostics,
    onUserConfig: (config, location) => {
      userConfig = { config, location };
    },
  });
  const targetContext = targetForJinja(target);
  const projectContext: RenderContext = yamlRenderContext({ env_var: envVar, var: cliVar, target: targetContext }, options.invocation);
  const project = buildProjectConfig(projectYaml, projectContext, diagnostics);
  if (userConfig) applyUserConfig(project, userConfig.config, userConfig.location, diagnostics);
  options.onProjectRead?.(target, diagnostics);

  const installed = await readInstalledPackages(projectDir, project, projectContext, diagnostics);
  if (options.requirePackages) await checkPackagesInstalled(projectDir, project.packagesInstallPath, installed.length);
  const vars = createVarResolver(project, installed.map((p) => p.project), cliVars);
  const contexts: PackageContext[] = [
    { name: project.name, root: projectDir, project, isRoot: true },
    ...installed.map((p) => ({ name: p.project.name, root: p.root, project: p.project, isRoot: false })),
  ];
  const manifest = emptyManifest(project.name);
  manifest.metadata.env = dbtCustomEnv(env);
  const state: LoadState = {
    manifest, diagnostics, rootProject: project, target, reader: new FileReader(), vars,
    renderContext: renderContextFactory(envVar, vars, targetContext, options.invocation),
    nodes: [], byName: new Map(),
  };

  const macroFiles: MacroFile[] = [];
  const byPackage = new Map(contexts.map((c) => [c.name, c]));
  const yamlByPackage = await Promise.all(contexts.map((c) => loadPackageResources(state, c, macroFiles)));
  await loadBuiltinMacros(state, macroFiles);

  const propertyFiles: PropertyFile[] = [];
  contexts.forEach((c, i) => {
    for (const f of yamlByPackage[i]!) {
      const pf = propertyFile(f, c.name, diagnostics);
      if (pf) propertyFiles.push(pf);
    }
  });
  for (const pf of propertyFiles) checkPropertyKeys(state, pf);
  const tests = [...applyNodePatches(state, propertyFiles, byPackage), ...loadSources(state, propertyFiles, byPackage)];
  for (const pf of propertyFiles) loadOtherProperties(state, pf, byPackage.get(pf.packageName)!);
  for (const c of contexts) checkFixtureNames(c.root, c.name, c.project.testPaths);
  linkSemanticLayer(state);
  linkExposureMetrics(state);
  const nodes = [...state.nodes, ...tests];
  placeNodes(state, nodes);
  resolveDocs(manifest, project.name, state.renderContext);
  diagnostics.push(...semanticLayerDeprecations(manifest, project.flags, contexts));
  const unusedPaths = unusedConfigPathsWarning(project, manifest, nodes);
  if (unusedPaths) diagnostics.push(unusedPaths);

  const { selectors, selectorLines } = await readSelectors(projectDir, projectContext);
  manifest.selectors = selectors;
  manifest.operations = projectHookNodes(state, contexts, target);
  const packages: LoadedPackage[] = [...contexts.map((c) => ({ name: c.name, root: c.root, project: c.project })), { name: 'dbt', root: globalProjectDir() }];
  return { projectDir, project, target, manifest, packages, macroFiles, vars, selectors, selectorLines, diagnostics };
}

/**
 * dbt_project.yml alone, for commands that need no profile and no packages (`clean`): its Jinja
 * sees env_var and the --vars given, as dbt's project rendering does before a profile is read.
 * Its warnings (deprecated keys) go to `diagnostics`.
 */
export async function loadProjectConfig(projectDir: string, env: NodeJS.ProcessEnv = process.env, cliVars: Record<string, unknown> = {}, diagnostics: Diagnostic[] = []): Promise<ProjectConfig> {
  await prepareRenderer();
  const yaml = await readProjectYaml(resolve(projectDir));
  const cliVar = cliVarLookup(cliVars);
  // No profile is read, so `target` has no fields: configs that name them render empty, which
  // leaves the paths these commands read (clean-targets, target-path) as written.
  return buildProjectConfig(yaml, yamlRenderContext({ env_var: makeEnvVar(env), var: cliVar, target: {} }), diagnostics);
}

/** var() while the project file renders: only --vars are known yet, as in dbt. */
export function cliVarLookup(cliVars: Record<string, unknown>): (name: unknown, ...rest: unknown[]) => unknown {
  return (name, ...rest) => {
    const key = String(name);
    if (Object.prototype.hasOwnProperty.call(cliVars, key)) return cliVars[key];
    if (rest.length > 0) return rest[0];
    throw userError('var-missing', missingVarMessage(key, '<Configuration>', cliVars), undefined, `Pass it with --vars '{${key}: ...}' or give var() a default.`);
  };
}

/** The `target` object templates see, with dbt's names (profile_name, schema, type...). */
function targetForJinja(target: TargetConfig): Record<string, unknown> {
  const { profileName, profilesFile: _p, ...rest } = target;
  return { ...rest, profile_name: profileName, target_name: target.name };
}

function renderContextFactory(envVar: RenderContext['env_var'], vars: VarResolver, target: Record<string, unknown>, invocation: YamlInvocation | undefined): (pkg: string) => RenderContext {
  const cache = new Map<string, RenderContext>();
  return (pkg) => {
    let ctx = cache.get(pkg);
    if (!ctx) {
      const v = (name: unknown, ...rest: unknown[]) => vars.get(String(name), rest.length > 0 ? { packageName: pkg, default: rest[0] } : { packageName: pkg });
      ctx = yamlRenderContext({ env_var: envVar, var: v, target }, invocation);
      cache.set(pkg, ctx);
    }
    return ctx;
  };
}

function propertyFile(f: TextFile, packageName: string, diagnostics: Diagnostic[]): PropertyFile | undefined {
  const { value, lines, duplicateKeys } = parsePropertyYaml(f.text, f.abs);
  withTypedMeta(value, f.text, f.abs);
  for (const d of duplicateKeys) {
    diagnostics.push({
      code: 'yaml-duplicate-key', severity: 'warning',
      message: `Duplicate key '${d.key}' in property file ${f.rel}: the value written last is used.`,
      location: { file: f.abs, line: d.line, column: d.column }, hint: `Keep one '${d.key}:' in this mapping.`,
    });
  }
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) {
    throw userError('yaml-invalid-shape', `Property file ${f.rel} must be a mapping (version: 2, models: [...], ...).`, { file: f.abs, line: 1 }, 'Start the file with keys such as models:, sources: or seeds:.');
  }
  return { file: f, packageName, data: value, lines, patchPath: `${packageName}://${f.rel}` };
}

/** Puts nodes into manifest.nodes, or manifest.disabled when `enabled: false`; duplicate names are errors. */
function placeNodes(state: LoadState, nodes: CompiledNode[]): void {
  const m = state.manifest;
  for (const node of nodes) {
    checkConfigTypes(node);
    if (node.config.enabled === false) {
      (m.disabled[node.unique_id] ??= []).push(node);
      continue;
    }
    const prev = m.nodes[node.unique_id];
    // dbt reads config() before it places a node: a file that disables itself with
    // config(enabled=false) does not clash with an enabled namesake.
    if (prev && disablesItself(node)) {
      (m.disabled[node.unique_id] ??= []).push({ ...node, config: { ...node.config, enabled: false } });
      continue;
    }
    if (prev && disablesItself(prev)) {
      (m.disabled[prev.unique_id] ??= []).push({ ...prev, config: { ...prev.config, enabled: false } });
      m.nodes[node.unique_id] = node;
      continue;
    }
    if (prev) {
      throw userError('duplicate-node', `dbt found two ${pluralResourceType(node.resource_type)} with the name "${node.name}" in package '${node.package_name}': ${prev.original_file_path} and ${node.original_file_path}.`,
        { file: node.origin.file, line: node.origin.line }, 'Rename one of them (names are unique within a package), or disable one with enabled: false.');
    }
    m.nodes[node.unique_id] = node;
  }
}

/** True when the node's own code calls config(enabled=false) with a literal false. */
function disablesItself(node: CompiledNode): boolean {
  return typeof node.raw_code === 'string' && /\bconfig\s*\([^)]*\benabled\s*=\s*false\b/i.test(node.raw_code);
}

async function loadBuiltinMacros(state: LoadState, macroFiles: MacroFile[]): Promise<void> {
  const root = globalProjectDir();
  // Its docs/ folder holds the `__overview__` block every dbt manifest carries as doc.dbt.__overview__.
  const project: ProjectConfig = { ...state.rootProject, name: 'dbt', macroPaths: ['macros'], modelPaths: [], seedPaths: [], testPaths: [], analysisPaths: [], snapshotPaths: [], docsPaths: ['docs'], configs: {} };
  await loadPackageResources(state, { name: 'dbt', root, project, isRoot: false }, macroFiles);
}

interface InstalledPackage {
  root: string;
  project: ProjectConfig;
}

/** Every folder under the packages install path that holds a dbt_project.yml, by name. */
async function readInstalledPackages(projectDir: string, project: ProjectConfig, context: RenderContext, diagnostics: Diagnostic[]): Promise<InstalledPackage[]> {
  const dir = resolve(projectDir, project.packagesInstallPath);
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const out: InstalledPackage[] = [];
  for (const name of names) {
    const root = join(dir, name);
    let yaml;
    try {
      yaml = await readProjectYaml(root);
    } catch {
      continue;
    }
    const pkgProject = buildProjectConfig(yaml, context, []);
    if (pkgProject.name === project.name) {
      diagnostics.push({ code: 'package-shadows-project', severity: 'warning', message: `Installed package in ${root} has the root project's name '${project.name}' and is ignored.`, location: { file: yaml.file, line: 1 } });
      continue;
    }
    out.push({ root, project: pkgProject });
  }
  return out;
}

async function readSelectors(projectDir: string, context: RenderContext): Promise<{ selectors: Record<string, unknown>; selectorLines: Record<string, number> }> {
  const file = join(projectDir, 'selectors.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { selectors: {}, selectorLines: {} };
  }
  const yaml = parseYaml(text, file);
  const { value: raw, lines } = yaml;
  if (raw === null) return { selectors: {}, selectorLines: {} };
  // dbt renders selectors.yml with the project's context (var, env_var, target).
  const value = renderTree(raw, context, (path) => ({ file, line: lineOfPath(yaml, path) }));
  if (!isRecord(value) || !Array.isArray(value.selectors)) {
    throw userError('yaml-invalid-shape', 'selectors.yml must have a selectors: list of {name, definition}.', { file, line: 1 });
  }
  const out: Record<string, unknown> = {};
  const selectorLines: Record<string, number> = {};
  value.selectors.forEach((s, i) => {
    const line = lines.itemLine((raw as { selectors: unknown[] }).selectors, i);
    if (!isRecord(s) || typeof s.name !== 'string' || s.definition === undefined) {
      throw userError('yaml-invalid-shape', 'Each selector needs name: and definition:.', { file, line });
    }
    out[s.name] = s;
    selectorLines[s.name] = line;
  });
  return { selectors: out, selectorLines };
}

/** A manifest with every collection empty. */
export function emptyManifest(projectName: string): Manifest {
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: DBT_VERSION,
      generated_at: isoUtc(),
      invocation_id: '',
      project_name: projectName,
      adapter_type: 'duckdb',
      env: {},
    },
    nodes: {}, sources: {}, macros: {}, docs: {}, exposures: {}, unit_tests: {}, metrics: {}, semantic_models: {}, saved_queries: {}, groups: {}, selectors: {}, disabled: {}, parent_map: {}, child_map: {}, group_map: {},
  };
}
