/**
 * Reads a project's `ingest.yml`:
 *
 *   database: ${DB_PATH:-warehouse.duckdb}   # optional, for the CLI
 *   data_dir: ${DATA_DIR:-data}              # optional, default DATA_DIR or ./data
 *   env_file: .env                           # optional, default .env
 *   sources:
 *     billing:                               # one entry per source; the key is its name
 *       type: files                          # files | rest | postgres
 *       path: ${DATA_DIR}/*.csv
 *       table: "{stem}_raw"
 *     ...
 *
 * Strings may use `${VAR}`, `${VAR:-default}` and `{{ env_var('VAR', 'default') }}`, looked up
 * in the process environment, then in the `.env` file. docs/ingest.md lists every key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { userError, type SourceLocation } from '../../core/diagnostic.js';
import { yamlSyntaxError } from '../../core/yaml-syntax-error.js';
import { interpolate, mergeEnv, readEnvFile, type EnvVars } from './env-file.js';
import type { IngestConfig, SourceConfig } from './ingest-config.js';
import { parseSource } from './parse-source.js';

/** File names tried, in order, in the project directory. */
export const INGEST_FILE_NAMES = ['ingest.yml', 'ingest.yaml'];

/** A YAML value with the line it starts on, so that later checks can point at it. */
export interface Located {
  value: unknown;
  location: SourceLocation;
}

/** Loads and validates `ingest.yml` in `projectDir`; a project without one has no sources. */
export function loadIngestConfig(projectDir: string, env: EnvVars = process.env): IngestConfig {
  const dir = resolve(projectDir);
  const file = INGEST_FILE_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
  let merged = mergeEnv(readEnvFile(join(dir, '.env')), env);
  const defaultDataDir = resolve(dir, merged.DATA_DIR ?? 'data');
  if (file === undefined) {
    return { projectDir: dir, file: undefined, database: projectPath(dir, merged.DB_PATH), dataDir: defaultDataDir, sources: [], env: merged };
  }
  const lineCounter = new LineCounter();
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text, { lineCounter });
  const locate = (node: YamlNode | null | undefined): SourceLocation => {
    const offset = node?.range?.[0];
    if (offset === undefined) return { file };
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors[0]) throw yamlSyntaxError(doc.errors[0], text, file, 'yaml-invalid', 'ingest.yml is not valid YAML');
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw userError('ingest-config-invalid', 'ingest.yml must be a mapping with a `sources:` key.', locate(root));
  const top = (key: string): YamlNode | undefined => (root && isMap(root) ? (root.get(key, true) as YamlNode | undefined) : undefined);

  const expand = (node: YamlNode | undefined, fallback?: string): string | undefined => {
    if (node === undefined) return fallback;
    if (!isScalar(node)) throw userError('ingest-config-invalid', 'Expected a single value here.', locate(node));
    if (node.value === null) return fallback;
    const result = interpolate(String(node.value), merged);
    if ('missing' in result) {
      throw userError('env-var-missing', `The environment variable ${result.missing} is not set and has no default.`, locate(node),
        `Set ${result.missing} in the environment or in the project's .env file, or write \${${result.missing}:-default}.`);
    }
    return result.value;
  };

  const envFile = expand(top('env_file'));
  if (envFile !== undefined) merged = mergeEnv(readEnvFile(resolve(dir, envFile)), env);
  const database = projectPath(dir, expand(top('database'), merged.DB_PATH));
  const dataDirText = expand(top('data_dir'), merged.DATA_DIR ?? 'data') ?? 'data';
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(dir, dataDirText);

  const sourcesNode = top('sources');
  const sources: SourceConfig[] = [];
  if (sourcesNode !== undefined && !(isScalar(sourcesNode) && sourcesNode.value === null)) {
    if (!isMap(sourcesNode)) throw userError('ingest-config-invalid', '`sources:` must map source names to their settings.', locate(sourcesNode));
    for (const pair of sourcesNode.items) {
      const keyNode = pair.key as YamlNode;
      const name = isScalar(keyNode) ? String(keyNode.value) : '';
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
        throw userError('ingest-config-invalid', `Source names are identifiers (letters, digits, _ and -), got '${name}'.`, locate(keyNode));
      }
      const valueNode = pair.value as YamlNode | null;
      if (!valueNode || !isMap(valueNode)) throw userError('ingest-config-invalid', `Source '${name}' needs its settings as a mapping.`, locate(keyNode));
      const values = new Map<string, Located>();
      collect(valueNode, '', values, (node) => {
        if (!isScalar(node)) return undefined;
        if (node.value === null) return null;
        if (typeof node.value !== 'string') return node.value;
        const result = interpolate(node.value, merged);
        if ('missing' in result) {
          throw userError('env-var-missing', `The environment variable ${result.missing} is not set and has no default.`, locate(node),
            `Set ${result.missing} in the environment or in the project's .env file.`);
        }
        return result.value;
      }, locate);
      sources.push(parseSource(name, locate(keyNode), values, { projectDir: dir, dataDir }, merged));
    }
  }
  return { projectDir: dir, file, database, dataDir, sources, env: merged };
}

/** A warehouse path as given, resolved against the project: relative paths are the project's, wherever the command runs from. */
function projectPath(dir: string, path: string | undefined): string | undefined {
  if (path === undefined || path === '' || path === ':memory:' || isAbsolute(path)) return path;
  return resolve(dir, path);
}

/** Flattens a YAML mapping into dotted keys (`auth.client_id`); lists become arrays of plain values. */
function collect(
  node: YamlNode,
  prefix: string,
  out: Map<string, Located>,
  scalar: (node: YamlNode) => unknown,
  locate: (node: YamlNode | null | undefined) => SourceLocation,
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const child = pair.value as YamlNode | null;
      const path = prefix ? `${prefix}.${key}` : key;
      if (child && isMap(child)) collect(child, path, out, scalar, locate);
      else if (child && 'items' in child && Array.isArray((child as { items: unknown[] }).items)) {
        const items = (child as { items: YamlNode[] }).items.map((item) => (isMap(item) ? plainMap(item, scalar) : scalar(item)));
        out.set(path, { value: items, location: locate(child) });
      } else out.set(path, { value: child ? scalar(child) : null, location: locate(child ?? (pair.key as YamlNode)) });
    }
  }
}

function plainMap(node: YamlNode, scalar: (node: YamlNode) => unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!isMap(node)) return result;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const child = pair.value as YamlNode | null;
    if (!child) result[key] = null;
    else if (isMap(child)) result[key] = plainMap(child, scalar);
    else if ('items' in child && Array.isArray((child as { items: unknown[] }).items)) {
      result[key] = (child as { items: YamlNode[] }).items.map((item) => (isMap(item) ? plainMap(item, scalar) : scalar(item)));
    } else result[key] = scalar(child);
  }
  return result;
}
