// Reads and validates dbt_project.yml (https://docs.getdbt.com/reference/dbt_project.yml).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userError, type Diagnostic } from '../../core/diagnostic.js';
import { toHooks } from './config-merge.js';
import type { DispatchConfig, ProjectConfig } from './load-types.js';
import { renderTree, type RenderContext } from './render-values.js';
import { isRecord, parseYaml, type YamlFile } from './yaml-file.js';
import { withTypedMeta } from './yaml-typed-meta.js';
import { projectKeyDeprecations } from './project-deprecations.js';
import { reprString } from './python-repr.js';

// The keys of dbt's project contract, which refuses any other (every adapter; its JSON-schema
// deprecations are another, narrower check). A few spellings dbt's contract may not take
// (semantic_models, saved_queries, modules-path) are read too, rather than refused.
const KNOWN_KEYS = new Set([
  'name', 'version', 'config-version', 'profile', 'model-paths', 'source-paths', 'seed-paths', 'data-paths',
  'test-paths', 'analysis-paths', 'macro-paths', 'snapshot-paths', 'docs-paths', 'asset-paths', 'target-path',
  'log-path', 'packages-install-path', 'modules-path', 'clean-targets', 'vars', 'models', 'seeds', 'snapshots',
  'data_tests', 'tests', 'sources', 'unit_tests', 'exposures', 'metrics', 'semantic-models', 'semantic_models',
  'saved-queries', 'saved_queries', 'analyses', 'on-run-start', 'on-run-end', 'dispatch', 'quoting',
  'require-dbt-version', 'flags', 'query-comment', 'restrict-access', 'dbt-cloud', 'functions', 'function-paths',
  // anchors: holds YAML anchors for the rest of the file (dbt 1.10's key for them), read nowhere.
  'packages', 'project-root', 'anchors',
]);

const CONFIG_TREES: Record<string, string> = {
  models: 'models', seeds: 'seeds', snapshots: 'snapshots', data_tests: 'data_tests', tests: 'data_tests',
  sources: 'sources', unit_tests: 'unit_tests', exposures: 'exposures', analyses: 'analyses',
  metrics: 'metrics', 'semantic-models': 'semantic_models', semantic_models: 'semantic_models',
  'saved-queries': 'saved_queries', saved_queries: 'saved_queries',
};

/**
 * dbt's project contract takes no key it does not know: an unknown top-level key (a typo such
 * as `modles:`) stops the command with the contract's jsonschema message, on every adapter.
 */
function checkProjectKeys(raw: Record<string, unknown>, at: (key: string) => { file: string; line: number }): void {
  const unknown = Object.keys(raw).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length === 0) return;
  const listed = [...unknown].sort().map(reprString).join(', ');
  throw userError('project-invalid', `at path []: Additional properties are not allowed (${listed} ${unknown.length === 1 ? 'was' : 'were'} unexpected)`,
    at(unknown[0]!), 'Fix the spelling or remove the key; custom settings belong under vars: or a config\'s meta:.');
}

/** Reads dbt_project.yml from a folder; a missing file is a `project-not-found` error. */
export async function readProjectYaml(dir: string): Promise<YamlFile & { file: string }> {
  const file = join(dir, 'dbt_project.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    // dbt's wording, with the folder itself named when it is the thing that is missing.
    const missing = existsSync(dir) ? '' : ` (the folder ${dir} does not exist)`;
    throw userError('project-not-found', `No dbt_project.yml found at expected path ${file}${missing}.`, undefined, 'Run from a project folder or pass --project-dir.');
  }
  const yaml = parseYaml(text, file);
  // var() and meta hand templates what PyYAML read: a date is a datetime.date, `1.0` a float
  withTypedMeta(yaml.value, text, file);
  return { ...yaml, file };
}

/** The `profile:` key, rendered (it may use env_var) before the profile is read. */
export function projectProfileName(yaml: YamlFile & { file: string }, context: RenderContext): string | null {
  if (!isRecord(yaml.value)) return null;
  const raw = yaml.value.profile;
  if (raw === undefined || raw === null) return null;
  const v = renderTree(raw, context, () => ({ file: yaml.file, line: yaml.lines.keyLine(yaml.value, 'profile') }));
  return String(v);
}

/** Validates and renders dbt_project.yml into a ProjectConfig; warnings go to `diagnostics`. */
export function buildProjectConfig(yaml: YamlFile & { file: string }, context: RenderContext, diagnostics: Diagnostic[]): ProjectConfig {
  const { file, lines } = yaml;
  if (!isRecord(yaml.value)) {
    throw userError('project-invalid', 'dbt_project.yml must be a mapping of settings (name:, version:, profile:, ...).', { file, line: 1 });
  }
  const raw = yaml.value;
  const at = (key: string) => ({ file, line: lines.keyLine(raw, key) });
  const data = renderTree(raw, context, (path) => ({ file, line: lineOfPath(yaml, path) }), skipRender) as Record<string, unknown>;

  diagnostics.push(...projectKeyDeprecations(data, at));
  checkProjectKeys(raw, at);
  if ('tests' in raw && 'data_tests' in raw) {
    throw userError('project-invalid', "Invalid project config: cannot have both 'tests' and 'data_tests' defined", at('tests'), "Keep the configs under data_tests: (tests: is its older name).");
  }

  const name = data.name;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw userError('project-invalid', name === undefined ? 'dbt_project.yml has no name:.' : `Project name '${String(name)}' is not valid: use letters, digits and underscores, not starting with a digit.`,
      name === undefined ? { file, line: 1 } : at('name'), 'Set name: to the project name, e.g. name: jaffle_shop.');
  }
  const str = (key: string, dflt: string): string => {
    const v = data[key];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'string') throw typeError(key, 'a string', v, at(key));
    return v;
  };
  const paths = (key: string, dflt: string[], alias?: string): string[] => {
    const k = data[key] !== undefined ? key : alias && data[alias] !== undefined ? alias : key;
    const v = data[k];
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    throw typeError(k, 'a list of folder names', v, at(k));
  };
  const dict = (key: string): Record<string, unknown> => {
    const v = data[key];
    if (v === undefined || v === null) return {};
    if (!isRecord(v)) throw typeError(key, 'a mapping', v, at(key));
    return v;
  };

  const version = data.version;
  if (version !== undefined && version !== null && typeof version !== 'string' && typeof version !== 'number') throw typeError('version', 'a version string', version, at('version'));
  const configVersion = data['config-version'] ?? 2;
  if (configVersion !== 2 && configVersion !== 1) throw userError('project-invalid', `config-version must be 2, got ${JSON.stringify(configVersion)}.`, at('config-version'), 'Set config-version: 2 or remove it.');

  const modelPaths = paths('model-paths', ['models'], 'source-paths');
  const seedPaths = paths('seed-paths', ['seeds'], 'data-paths');
  const testPaths = paths('test-paths', ['tests']);
  const analysisPaths = paths('analysis-paths', ['analyses']);
  const macroPaths = paths('macro-paths', ['macros']);
  const snapshotPaths = paths('snapshot-paths', ['snapshots']);
  // dbt looks for docs blocks in every resource path by default, the test paths included.
  const docsPaths = paths('docs-paths', [...modelPaths, ...seedPaths, ...analysisPaths, ...macroPaths, ...snapshotPaths, ...testPaths]);
  const targetPath = str('target-path', 'target');
  const packagesInstallPath = str('packages-install-path', data['modules-path'] !== undefined ? str('modules-path', 'dbt_packages') : 'dbt_packages');

  const dispatchRaw = data.dispatch ?? [];
  if (!Array.isArray(dispatchRaw)) throw typeError('dispatch', 'a list of {macro_namespace, search_order}', dispatchRaw, at('dispatch'));
  const dispatch: DispatchConfig[] = dispatchRaw.map((d, i) => {
    if (!isRecord(d) || typeof d.macro_namespace !== 'string' || !Array.isArray(d.search_order)) {
      throw userError('project-invalid', 'Each dispatch: entry needs macro_namespace (a string) and search_order (a list of package names).', { file, line: lines.itemLine(raw.dispatch, i) }, 'Example: dispatch: [{macro_namespace: dbt_utils, search_order: [my_project, dbt_utils]}]');
    }
    return { macro_namespace: d.macro_namespace, search_order: d.search_order.map(String) };
  });

  const rdv = data['require-dbt-version'];
  const requireDbtVersion = rdv === undefined || rdv === null ? [] : Array.isArray(rdv) ? rdv.map(String) : [String(rdv)];
  for (const spec of requireDbtVersion) {
    // dbt reads a string holding commas ('>=1.5.0,<2.0.0') as that many ranges, each checked whole.
    if (!spec.split(',').every((part) => /^\s*([<>=!~]=?|)\s*\d+(\.\d+){0,2}([a-z0-9.-]*)?\s*$/i.test(part))) {
      throw userError('project-invalid', `require-dbt-version entry '${spec}' is not a version range.`, at('require-dbt-version'), "Write ranges like '>=1.5.0' or ['>=1.5.0', '<2.0.0'].");
    }
  }

  const configs: Record<string, Record<string, unknown>> = {};
  for (const [key, tree] of Object.entries(CONFIG_TREES)) {
    if (data[key] === undefined || data[key] === null) continue;
    if (!isRecord(data[key])) throw typeError(key, 'a mapping of configs', data[key], at(key));
    configs[tree] = { ...(configs[tree] ?? {}), ...(data[key] as Record<string, unknown>) };
  }

  // dbt's unrendered_config reads the file's trees as written, by the keys models, seeds,
  // snapshots, sources, data_tests (tests renamed), metrics, exposures, unit_tests, and the
  // underscored semantic_models and saved_queries (which the hyphenated keys never match).
  const unrenderedConfigs: Record<string, Record<string, unknown>> = {};
  for (const key of ['models', 'seeds', 'snapshots', 'sources', 'data_tests', 'tests', 'metrics', 'exposures', 'unit_tests', 'analyses', 'semantic_models', 'saved_queries']) {
    const tree = key === 'tests' ? 'data_tests' : key;
    if (key === 'tests' && 'data_tests' in raw) continue;
    if (isRecord(raw[key])) unrenderedConfigs[tree] = raw[key] as Record<string, unknown>;
  }

  // dbt cleans the target path alone unless clean-targets says otherwise.
  const cleanTargets = paths('clean-targets', [targetPath]);
  return {
    name,
    version: version === undefined || version === null ? null : String(version),
    configVersion: Number(configVersion),
    profile: data.profile === undefined || data.profile === null ? null : String(data.profile),
    modelPaths, seedPaths, testPaths, analysisPaths, macroPaths, snapshotPaths, docsPaths,
    assetPaths: paths('asset-paths', []),
    targetPath,
    packagesInstallPath,
    cleanTargets,
    vars: dict('vars'),
    dispatch,
    quoting: dict('quoting'),
    onRunStart: hooksOf(data['on-run-start'], 'on-run-start', at('on-run-start')),
    onRunEnd: hooksOf(data['on-run-end'], 'on-run-end', at('on-run-end')),
    hookLines: { 'on-run-start': hookLines(yaml, 'on-run-start'), 'on-run-end': hookLines(yaml, 'on-run-end') },
    flags: dict('flags'),
    queryComment: data['query-comment'] ?? null,
    requireDbtVersion,
    restrictAccess: data['restrict-access'] === true || data['restrict-access'] === 'true',
    configs,
    unrenderedConfigs,
    file,
  };
}

function hooksOf(value: unknown, key: string, where: { file: string; line: number }) {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'string' && !Array.isArray(value)) throw typeError(key, 'a SQL string or a list of them', value, where);
  return toHooks(value).map((h, i) => ({ ...h, index: i + 1 }));
}

// Each hook's line: a list's items, or the key's for one hook written as a string.
function hookLines(yaml: YamlFile, key: string): number[] {
  const value = isRecord(yaml.value) ? yaml.value[key] : undefined;
  if (Array.isArray(value)) return value.map((_, i) => lineOfPath(yaml, [key, String(i)]));
  return value === undefined || value === null ? [] : [lineOfPath(yaml, [key])];
}

// dbt leaves hooks and vars unrendered at load: they are rendered when they run.
function skipRender(path: readonly string[]): boolean {
  const first = path[0];
  if (first === undefined) return false;
  if (first === 'on-run-start' || first === 'on-run-end' || first === 'query-comment' || first === 'vars') return true;
  if (CONFIG_TREES[first] !== undefined) {
    return path.some((p) => {
      const k = p.replace(/^\+\s*/, '');
      return k === 'pre-hook' || k === 'post-hook' || k === 'pre_hook' || k === 'post_hook';
    });
  }
  return false;
}

function lineOfPath(yaml: YamlFile, path: readonly string[]): number {
  let node: unknown = yaml.value;
  let line = 1;
  for (const key of path) {
    if (Array.isArray(node)) {
      line = yaml.lines.itemLine(node, Number(key), line);
      node = node[Number(key)];
    } else if (isRecord(node)) {
      line = yaml.lines.keyLine(node, key, line);
      node = node[key];
    } else break;
  }
  return line;
}

function typeError(key: string, expected: string, got: unknown, where: { file: string; line: number }) {
  const describe = (v: unknown): string => (Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`);
  // A list of the wrong items is told by its first wrong item ("got a list" alone says nothing).
  const wrongItem = Array.isArray(got) && expected.startsWith('a list of') ? got.find((x) => typeof x !== 'string') : undefined;
  const kind = wrongItem === undefined ? describe(got) : `a list holding ${describe(wrongItem)}`;
  return userError('project-invalid', `'${key}' in dbt_project.yml must be ${expected}, got ${kind}.`, where, 'See the dbt_project.yml reference for the expected shape.');
}

export { lineOfPath };
