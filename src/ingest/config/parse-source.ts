import { isAbsolute, resolve } from 'node:path';
import { userError, type SourceLocation } from '../../core/diagnostic.js';
import type {
  BadRowPolicy,
  FilesSourceConfig,
  PostgresSourceConfig,
  PostgresTableConfig,
  RestAuth,
  RestPagination,
  RestSourceConfig,
  SourceConfig,
} from './ingest-config.js';
import type { Located } from './load-ingest-config.js';
import { REST_PRESETS } from '../rest/presets.js';
import { checkEncoding } from '../files/transcode.js';

interface Paths {
  projectDir: string;
  dataDir: string;
}

/** Builds one typed source from its flattened keys, checking every value it reads. */
export function parseSource(
  name: string,
  location: SourceLocation,
  values: Map<string, Located>,
  paths: Paths,
  env: Record<string, string | undefined>,
): SourceConfig {
  const read = new Reader(name, location, values, env);
  const type = read.string('type') ?? (read.has('preset') ? 'rest' : undefined);
  const schema = read.string('schema') ?? 'raw';
  // An empty value counts as false, so `enabled: ${VAR:+true}` turns a source on when VAR is set.
  const enabled = read.string('enabled') === '' ? false : read.boolean('enabled') ?? true;
  let source: SourceConfig;
  if (type === 'files') source = parseFiles(name, location, schema, read, paths);
  else if (type === 'rest') source = parseRest(name, location, schema, read, paths);
  else if (type === 'postgres') source = parsePostgres(name, location, schema, read);
  else {
    throw userError('ingest-config-invalid', `Source '${name}' needs a type: files, rest or postgres.`, read.where('type'));
  }
  read.rejectUnknown();
  if (!enabled) source.enabled = false;
  return source;
}

function parseFiles(name: string, location: SourceLocation, schema: string, read: Reader, paths: Paths): FilesSourceConfig {
  const path = read.required('path');
  const format = read.oneOf('format', ['csv', 'parquet', 'json', 'auto'] as const) ?? 'auto';
  const onBadRows = read.oneOf('on_bad_rows', ['fail', 'reject'] as const) ?? ('fail' satisfies BadRowPolicy);
  const csvOptions: Record<string, string | number | boolean> = {};
  for (const key of read.keysUnder('csv')) {
    const value = read.raw(`csv.${key}`);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') csvOptions[key] = value;
    else throw userError('ingest-config-invalid', `csv.${key} must be a single value.`, read.where(`csv.${key}`));
  }
  if (typeof csvOptions.encoding === 'string') checkEncoding(csvOptions.encoding, read.where('csv.encoding'));
  return {
    type: 'files',
    name,
    location,
    schema,
    path: isAbsolute(path) ? path : resolve(paths.projectDir, path),
    format,
    table: read.string('table') ?? '{stem}',
    hivePartitioning: read.boolean('hive_partitioning') ?? false,
    onBadRows,
    metadataColumns: read.boolean('metadata_columns') ?? true,
    csvOptions,
  };
}

function parseRest(name: string, location: SourceLocation, schema: string, read: Reader, paths: Paths): RestSourceConfig {
  const presetName = read.string('preset');
  const preset = presetName === undefined ? undefined : REST_PRESETS[presetName];
  if (presetName !== undefined && preset === undefined) {
    throw userError('ingest-config-invalid', `Unknown REST preset '${presetName}'.`, read.where('preset'), `Known presets: ${Object.keys(REST_PRESETS).join(', ')}.`);
  }
  const env = (key: string): string | undefined => read.envValue(key);
  const baseUrl = read.string('base_url') ?? preset?.baseUrl;
  if (baseUrl === undefined) throw userError('ingest-config-invalid', `REST source '${name}' needs base_url.`, location);

  const authType = read.oneOf('auth.type', ['none', 'bearer', 'api_key', 'client_credentials'] as const) ?? preset?.auth.type ?? 'none';
  let auth: RestAuth;
  if (authType === 'bearer') auth = { type: 'bearer', token: read.required('auth.token') };
  else if (authType === 'api_key') {
    auth = { type: 'api_key', header: read.string('auth.header') ?? 'X-API-Key', key: read.required('auth.key'), in: read.oneOf('auth.in', ['header', 'query'] as const) ?? 'header' };
  } else if (authType === 'client_credentials') {
    const presetAuth = preset?.auth.type === 'client_credentials' ? preset.auth : undefined;
    const clientId = read.string('auth.client_id') ?? (presetAuth ? env(presetAuth.clientIdEnv) : undefined);
    const clientSecret = read.string('auth.client_secret') ?? (presetAuth ? env(presetAuth.clientSecretEnv) : undefined);
    if (!clientId || !clientSecret) {
      throw userError('ingest-config-invalid', `REST source '${name}' needs auth.client_id and auth.client_secret.`, read.where('auth.type'),
        presetAuth ? `Set ${presetAuth.clientIdEnv} and ${presetAuth.clientSecretEnv} in the environment or the .env file.` : undefined);
    }
    auth = {
      type: 'client_credentials',
      tokenUrl: read.string('auth.token_url') ?? presetAuth?.tokenUrl ?? `${baseUrl.replace(/\/$/, '')}/oauth2/token`,
      clientId,
      clientSecret,
      scope: read.string('auth.scope'),
      clientIdHeader: read.string('auth.client_id_header') ?? presetAuth?.clientIdHeader,
    };
  } else auth = { type: 'none' };

  const pagType = read.oneOf('pagination.type', ['none', 'cursor', 'page', 'offset', 'link'] as const) ?? preset?.pagination.type ?? 'none';
  const pp = preset?.pagination;
  let pagination: RestPagination;
  if (pagType === 'cursor') {
    pagination = {
      type: 'cursor',
      cursorPath: read.string('pagination.cursor_path') ?? (pp?.type === 'cursor' ? pp.cursorPath : 'pagination.cursor'),
      cursorParam: read.string('pagination.cursor_param') ?? (pp?.type === 'cursor' ? pp.cursorParam : 'after'),
      pageSizeParam: read.string('pagination.page_size_param') ?? (pp?.type === 'cursor' ? pp.pageSizeParam : undefined),
      pageSize: read.integer('pagination.page_size') ?? (pp?.type === 'cursor' ? pp.pageSize : undefined),
    };
  } else if (pagType === 'page') {
    pagination = {
      type: 'page',
      pageParam: read.string('pagination.page_param') ?? 'page',
      startPage: read.integer('pagination.start_page') ?? 1,
      pageSizeParam: read.string('pagination.page_size_param'),
      pageSize: read.integer('pagination.page_size'),
      totalPagesPath: read.string('pagination.total_pages_path'),
    };
  } else if (pagType === 'offset') {
    pagination = {
      type: 'offset',
      offsetParam: read.string('pagination.offset_param') ?? 'offset',
      limitParam: read.string('pagination.limit_param') ?? 'limit',
      limit: read.integer('pagination.limit') ?? 100,
      totalPath: read.string('pagination.total_path'),
    };
  } else if (pagType === 'link') {
    pagination = { type: 'link', pageSizeParam: read.string('pagination.page_size_param'), pageSize: read.integer('pagination.page_size') };
  } else pagination = { type: 'none' };

  const columns = read.keysUnder('columns').map((column) => ({ name: column, type: read.required(`columns.${column}`) }));
  const output = read.string('output') ?? resolve(paths.dataDir, name);
  return {
    type: 'rest',
    name,
    location,
    schema,
    baseUrl,
    endpoint: read.string('endpoint') ?? preset?.endpoint ?? '',
    params: { ...(preset?.params ?? {}), ...read.stringMap('params') },
    headers: read.stringMap('headers'),
    recordsPath: read.string('records_path') ?? preset?.recordsPath ?? 'data',
    auth,
    pagination,
    output: isAbsolute(output) ? output : resolve(paths.projectDir, output),
    filePrefix: read.string('file_prefix') ?? `${name}_`,
    columns: columns.length > 0 ? columns : [...(preset?.columns ?? [])],
    table: read.string('table'),
    timeoutMs: Math.round((read.number('timeout_seconds') ?? 30) * 1000),
    maxAttempts: read.integer('max_attempts') ?? 5,
    backoffMs: read.integer('backoff_ms') ?? 500,
    maxPages: read.integer('max_pages') ?? 100_000,
  };
}

function parsePostgres(name: string, location: SourceLocation, schema: string, read: Reader): PostgresSourceConfig {
  const rawTables = read.raw('tables');
  if (!Array.isArray(rawTables) || rawTables.length === 0) {
    throw userError('ingest-config-invalid', `Postgres source '${name}' needs a list of tables.`, read.where('tables') ?? location);
  }
  const tables: PostgresTableConfig[] = rawTables.map((entry, index) => {
    const item: Record<string, unknown> = typeof entry === 'string' ? { source: entry } : (entry as Record<string, unknown>);
    const source = typeof item.source === 'string' ? item.source : typeof item.name === 'string' ? item.name : undefined;
    const query = typeof item.query === 'string' ? item.query : undefined;
    const table = typeof item.table === 'string' ? item.table : source?.split('.').pop();
    if ((source === undefined && query === undefined) || table === undefined) {
      throw userError('ingest-config-invalid', `Table ${index + 1} of '${name}' needs a source table, or a query and a target table.`, read.where('tables'));
    }
    const key = item.primary_key;
    return {
      table,
      source: query === undefined ? source : undefined,
      query,
      cursor: typeof item.cursor === 'string' ? item.cursor : undefined,
      primaryKey: Array.isArray(key) ? key.map(String) : typeof key === 'string' ? [key] : [],
    };
  });
  const port = read.integer('port');
  return {
    type: 'postgres',
    name,
    location,
    schema,
    connection: {
      connectionString: read.string('connection'),
      host: read.string('host'),
      port,
      user: read.string('user'),
      password: read.string('password'),
      database: read.string('database'),
    },
    tables,
    batchSize: read.integer('batch_size') ?? 50_000,
  };
}

/** Typed access to a source's flattened keys that remembers which ones were used. */
class Reader {
  private readonly used = new Set<string>();
  constructor(
    private readonly name: string,
    private readonly location: SourceLocation,
    private readonly values: Map<string, Located>,
    private readonly env: Record<string, string | undefined>,
  ) {}

  has(key: string): boolean {
    return this.values.has(key);
  }
  where(key: string): SourceLocation {
    return this.values.get(key)?.location ?? this.location;
  }
  raw(key: string): unknown {
    this.used.add(key);
    return this.values.get(key)?.value ?? undefined;
  }
  /** A variable from the merged environment (process environment over `.env`). */
  envValue(name: string): string | undefined {
    const value = this.env[name];
    return value === '' ? undefined : value;
  }
  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') throw userError('ingest-config-invalid', `${key} of source '${this.name}' must be a single value.`, this.where(key));
    return String(value);
  }
  required(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === '') throw userError('ingest-config-invalid', `Source '${this.name}' needs ${key}.`, this.where(key));
    return value;
  }
  number(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n) || n < 0) throw userError('ingest-config-invalid', `${key} of source '${this.name}' must be a non-negative number.`, this.where(key));
    return n;
  }
  integer(key: string): number | undefined {
    const n = this.number(key);
    if (n !== undefined && !Number.isInteger(n)) throw userError('ingest-config-invalid', `${key} of source '${this.name}' must be a whole number.`, this.where(key));
    return n;
  }
  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw userError('ingest-config-invalid', `${key} of source '${this.name}' must be true or false.`, this.where(key));
  }
  oneOf<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(choices as readonly string[]).includes(value)) {
      throw userError('ingest-config-invalid', `${key} of source '${this.name}' must be one of ${choices.join(', ')}, got '${value}'.`, this.where(key));
    }
    return value as T;
  }
  keysUnder(prefix: string): string[] {
    const keys: string[] = [];
    for (const key of this.values.keys()) {
      if (key.startsWith(`${prefix}.`)) {
        this.used.add(key);
        keys.push(key.slice(prefix.length + 1));
      }
    }
    return keys;
  }
  stringMap(prefix: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of this.keysUnder(prefix)) out[key] = this.string(`${prefix}.${key}`) ?? '';
    return out;
  }
  rejectUnknown(): void {
    for (const [key, located] of this.values) {
      if (this.used.has(key)) continue;
      throw userError('ingest-config-invalid', `Source '${this.name}' has an unknown setting '${key}'.`, located.location, 'See docs/ingest.md for the settings of each source type.');
    }
  }
}
