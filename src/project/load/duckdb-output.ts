// The dbt-duckdb keys of a DuckDB output in profiles.yml beyond path/schema/threads: secrets:,
// config_options:, the keys only dbt-duckdb's Python side can honour (plugins:, filesystems:,
// remote:, module_paths:) and the ones Reelhouse accepts as dbt-duckdb does (retries:,
// disable_transactions:, keep_open:...). dbt validates an output against the adapter's
// credentials dataclass: known keys must have the right shape, unknown keys are let through.
import { userError, type Diagnostic, type SourceLocation } from '../../core/diagnostic.js';
import type { TargetSecret, TargetSecretValue } from './load-types.js';
import { isRecord } from './yaml-file.js';

/** Where a key of the output is written: `at(['secrets', '0'])`. */
export type OutputLocator = (path: readonly string[]) => SourceLocation;

/** What the dbt-duckdb keys of one output come to. */
export interface DuckDbOutputKeys {
  secrets: TargetSecret[];
  configOptions: Record<string, string | number | boolean>;
}

/** The prefix dbt-duckdb gives a secret written without a name: `_dbt_secret_1`, `_dbt_secret_2`... */
const DEFAULT_SECRET_PREFIX = '_dbt_secret_';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/u;

/** Reads and checks the dbt-duckdb keys of `output`; warnings for keys Reelhouse cannot honour go to `diagnostics`. */
export function duckDbOutputKeys(
  output: Record<string, unknown>,
  names: { profileName: string; targetName: string },
  at: OutputLocator,
  diagnostics: Diagnostic[],
): DuckDbOutputKeys {
  // dbt's wording for an output its credentials class refuses.
  const invalid = (key: string, what: string, path: readonly string[] = [key]) =>
    userError('profile-invalid', `Credentials in profile "${names.profileName}", target "${names.targetName}" invalid: ${what}`, at(path));
  checkShapes(output, invalid);
  pythonOnlyWarnings(output, at, diagnostics);
  const secrets = readSecrets(output.secrets, invalid);
  // dbt-duckdb's older way to ask for the AWS credential chain, kept by it as an S3 secret.
  const provider = output.use_credential_provider;
  if (provider !== undefined && provider !== null) {
    if (provider !== 'aws') throw invalid('use_credential_provider', `Unsupported value for use_credential_provider: ${String(provider)} (dbt-duckdb supports aws).`);
    secrets.push({ name: `${DEFAULT_SECRET_PREFIX}${secrets.length + 1}`, type: 's3', persistent: false, provider: 'credential_chain', scope: [], params: {}, origin: 'use_credential_provider: aws' });
  }
  return { secrets, configOptions: readConfigOptions(output.config_options, invalid) };
}

type Invalid = (key: string, what: string, path?: readonly string[]) => Error;

// The shapes dbt-duckdb's credentials dataclass declares for keys read elsewhere or not acted on
// (disable_transactions reaches the warehouse's open options): a wrong shape fails there at
// profile load, so it fails here too.
function checkShapes(output: Record<string, unknown>, invalid: Invalid): void {
  for (const key of ['disable_transactions', 'keep_open']) {
    const value = output[key];
    if (value !== undefined && value !== null && typeof value !== 'boolean') throw invalid(key, `${key} must be true or false, got ${JSON.stringify(value)}.`);
  }
  if (output.external_root !== undefined && output.external_root !== null && typeof output.external_root !== 'string') {
    throw invalid('external_root', `external_root must be a folder path, got ${JSON.stringify(output.external_root)}.`);
  }
  const lists: [string, string][] = [['plugins', 'module'], ['filesystems', 'fs']];
  for (const [key, required] of lists) {
    const value = output[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) throw invalid(key, `${key} must be a list of mappings, each with ${required}:.`);
    value.forEach((entry, index) => {
      if (!isRecord(entry) || typeof entry[required] !== 'string') throw invalid(key, `each ${key} entry needs ${required}:.`, [key, String(index)]);
    });
  }
  const modulePaths = output.module_paths;
  if (modulePaths !== undefined && modulePaths !== null && !(Array.isArray(modulePaths) && modulePaths.every((p) => typeof p === 'string'))) {
    throw invalid('module_paths', 'module_paths must be a list of folder paths.');
  }
  const retries = output.retries;
  if (retries !== undefined && retries !== null) {
    if (!isRecord(retries)) throw invalid('retries', 'retries must be a mapping (connect_attempts, query_attempts, retryable_exceptions).');
    for (const key of ['connect_attempts', 'query_attempts']) {
      const n = retries[key];
      if (n !== undefined && n !== null && !Number.isInteger(n)) throw invalid('retries', `retries.${key} must be a whole number, got ${JSON.stringify(n)}.`, ['retries', key]);
    }
    const names = retries.retryable_exceptions;
    if (names !== undefined && names !== null && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) {
      throw invalid('retries', 'retries.retryable_exceptions must be a list of exception names.', ['retries', 'retryable_exceptions']);
    }
  }
  const remote = output.remote;
  if (remote !== undefined && remote !== null && !(isRecord(remote) && typeof remote.host === 'string')) {
    throw invalid('remote', 'remote must be a mapping with host:, port: and user:.');
  }
}

// Keys that change what a build reads or writes but work only inside dbt-duckdb's Python
// process: said once, at profile load, with what Reelhouse does instead.
function pythonOnlyWarnings(output: Record<string, unknown>, at: OutputLocator, diagnostics: Diagnostic[]): void {
  const warn = (key: string, message: string, hint: string) =>
    diagnostics.push({ code: 'profile-python-only', severity: 'warning', message, hint, location: at([key]) });
  if (Array.isArray(output.plugins) && output.plugins.length > 0) {
    const modules = output.plugins.map((p) => (isRecord(p) ? String(p.alias ?? p.module) : '?')).join(', ');
    warn(
      'plugins',
      `plugins: (${modules}) are dbt-duckdb Python plugins, which Reelhouse does not run: a source or model that names one is read or written as an ordinary DuckDB table instead.`,
      'Load such sources with DuckDB\'s own readers (read_csv, ATTACH...) or `reelhouse ingest`, and remove plugins: from the output.',
    );
  }
  if (Array.isArray(output.filesystems) && output.filesystems.length > 0) {
    const kinds = output.filesystems.map((f) => (isRecord(f) ? String(f.fs) : '?')).join(', ');
    warn(
      'filesystems',
      `filesystems: (${kinds}) registers fsspec file systems through Python, which Reelhouse cannot do: paths on them are opened with DuckDB's own file systems instead.`,
      'Give the credentials for those paths with secrets: (type s3, gcs, azure...) so DuckDB can read them.',
    );
  }
  if (isRecord(output.remote)) {
    warn(
      'remote',
      `remote: points dbt-duckdb at a DuckDB server (${String(output.remote.host)}); Reelhouse does not connect to one and opens the output's path: instead.`,
      'Remove remote: to build into the local database file, or run Reelhouse where the database file is.',
    );
  }
}

// dbt-duckdb's `secrets:` list: each mapping becomes a CREATE SECRET statement when the
// database opens; `type`, `name`, `persistent`, `provider` and `scope` are its own keys,
// the rest are the secret's parameters, in the order written.
function readSecrets(raw: unknown, invalid: Invalid): TargetSecret[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalid('secrets', 'secrets must be a list of mappings, each with a type: (s3, gcs, r2, azure, http, huggingface...).');
  return raw.map((entry, index): TargetSecret => {
    const path = ['secrets', String(index)];
    if (!isRecord(entry) || typeof entry.type !== 'string' || !IDENTIFIER.test(entry.type)) {
      throw invalid('secrets', `secret ${index + 1} needs a type: naming a DuckDB secret type (s3, gcs, r2, azure, http, huggingface...).`, path);
    }
    const { type, name, persistent, provider, scope, ...rest } = entry;
    if (provider !== undefined && provider !== null && (typeof provider !== 'string' || !IDENTIFIER.test(provider))) {
      throw invalid('secrets', `secret ${index + 1} has provider ${JSON.stringify(provider)}; a provider is a word such as config or credential_chain.`, [...path, 'provider']);
    }
    const scopes = scope === undefined || scope === null ? [] : Array.isArray(scope) ? scope.map(String) : [String(scope)];
    const params: Record<string, TargetSecretValue> = {};
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined || value === null) continue; // dbt-duckdb leaves out None values
      if (!IDENTIFIER.test(key)) throw invalid('secrets', `secret ${index + 1} has parameter '${key}', which is not a DuckDB secret parameter name.`, [...path, key]);
      params[key] = secretValue(value, () => invalid('secrets', `secret ${index + 1}'s ${key} must be a value, a list of values or a mapping of values.`, [...path, key]));
    }
    return {
      // dbt-duckdb names an unnamed secret by its place in the list; `name: null` leaves it unnamed.
      name: name === undefined ? `${DEFAULT_SECRET_PREFIX}${index + 1}` : name === null ? null : String(name),
      type,
      persistent: persistent === true || (typeof persistent === 'string' && persistent.toLowerCase() === 'true'),
      ...(typeof provider === 'string' ? { provider } : {}),
      scope: scopes,
      params,
    };
  });
}

function secretValue(value: unknown, bad: () => Error): TargetSecretValue {
  const scalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(value)) return value;
  if (Array.isArray(value) && value.every(scalar)) return value.map(String);
  if (isRecord(value) && Object.values(value).every(scalar)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  throw bad();
}

// dbt-duckdb's `config_options:`, given to DuckDB when the database is opened (settings that
// can only be set then, such as allow_unsigned_extensions or enable_external_access).
function readConfigOptions(raw: unknown, invalid: Invalid): Record<string, string | number | boolean> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw invalid('config_options', 'config_options must be a mapping of DuckDB configuration options.');
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/u.test(key)) throw invalid('config_options', `"${key}" is not a DuckDB configuration option name.`, ['config_options', key]);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw invalid('config_options', `config_options.${key} must be a single value, got ${JSON.stringify(value)}.`, ['config_options', key]);
    }
    out[key] = value;
  }
  return out;
}
