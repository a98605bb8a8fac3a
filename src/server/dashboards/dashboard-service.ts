import type { Adapter, QueryResult } from '../../adapters/adapter.js';
import { ApiError } from '../http/api-error.js';
import type { DashboardSpec, FilterSpec, TileSpec } from './dashboard-spec.js';
import { checkFilterValue } from './load-dashboards.js';

/** The rows of one tile query, as the browser receives them. */
export interface TileResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  elapsedMs: number;
  truncated: boolean;
}

/** Runs the queries that dashboards declare, with filter values validated and bound as parameters. */
export class DashboardService {
  private readonly byName: Map<string, DashboardSpec>;
  private readonly optionCache = new Map<string, { at: number; values: string[] }>();
  private readonly defaultCache = new Map<string, { at: number; value: unknown }>();

  constructor(
    readonly dashboards: DashboardSpec[],
    private readonly adapter: () => Promise<Adapter>,
    private readonly options: { maxRows?: number; cacheMs?: number } = {},
  ) {
    this.byName = new Map(dashboards.map((d) => [d.name, d]));
  }

  /** A dashboard by name, or a 404. */
  get(name: string): DashboardSpec {
    const d = this.byName.get(name);
    if (!d) throw new ApiError(404, 'dashboard-not-found', `No dashboard named '${name}'`);
    return d;
  }

  /** The values a select or multi-select filter offers. */
  async filterOptions(dashboardName: string, filterName: string): Promise<string[]> {
    const filter = this.filterOf(this.get(dashboardName), filterName);
    if (!filter.optionsSql) return [];
    const key = `${dashboardName}.${filterName}`;
    const cached = this.optionCache.get(key);
    if (cached && Date.now() - cached.at < (this.options.cacheMs ?? 30_000)) return cached.values;
    const result = await this.query(filter.optionsSql, [], 10_000);
    const values = result.rows.map((r) => r[0]).filter((v) => v !== null && v !== undefined).map(String);
    this.optionCache.set(key, { at: Date.now(), values });
    return values;
  }

  /** Each filter's starting value: its declared default, the answer of its default_sql, or all options. */
  async filterDefaults(dashboardName: string): Promise<Record<string, unknown>> {
    const d = this.get(dashboardName);
    const out: Record<string, unknown> = {};
    for (const f of d.filters) out[f.name] = await this.defaultOf(d, f);
    return out;
  }

  /** Runs one declared tile with the browser's filter values (validated by type, then bound). */
  async runTile(dashboardName: string, tileName: string, filterValues: unknown): Promise<TileResult> {
    const d = this.get(dashboardName);
    const tile = d.tiles.find((t) => t.name === tileName);
    if (!tile) throw new ApiError(404, 'tile-not-found', `Dashboard '${dashboardName}' has no tile named '${tileName}'`);
    const values = await this.resolveValues(d, tile, filterValues);
    const params = tile.params.map((p) => values.get(p));
    const started = performance.now();
    const maxRows = this.options.maxRows ?? 5000;
    const result = await this.query(tile.sql, params, maxRows + 1);
    const elapsedMs = performance.now() - started;
    const truncated = result.rows.length > maxRows;
    return {
      columns: result.columns.map((c) => ({ name: c.name, type: c.dataType })),
      rows: truncated ? result.rows.slice(0, maxRows) : result.rows,
      elapsedMs: Math.round(elapsedMs * 100) / 100,
      truncated,
    };
  }

  /** Maps each parameter name the tile uses to its bound value. */
  private async resolveValues(d: DashboardSpec, tile: TileSpec, raw: unknown): Promise<Map<string, unknown>> {
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
      throw new ApiError(400, 'filters-invalid', 'filters must be an object of filter names to values');
    }
    const given = (raw ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(given)) {
      if (!d.filters.some((f) => f.name === name)) throw new ApiError(400, 'filter-unknown', `Dashboard '${d.name}' has no filter named '${name}'`);
    }
    const values = new Map<string, unknown>();
    for (const name of tile.filters) {
      const filter = this.filterOf(d, name);
      let value = given[name];
      if (value === undefined || value === null) value = await this.defaultOf(d, filter);
      else {
        const problem = checkFilterValue(filter.type, value);
        if (problem) throw new ApiError(400, 'filter-value-invalid', `Filter '${name}' (${filter.type}): ${problem}`);
        if (filter.type === 'select' || filter.type === 'multi_select') {
          const options = new Set(await this.filterOptions(d.name, name));
          const picked = filter.type === 'select' ? [value as string] : (value as string[]);
          const unknown = picked.find((v) => !options.has(v));
          if (unknown !== undefined) throw new ApiError(400, 'filter-value-invalid', `Filter '${name}' has no value '${unknown}'`);
          // An empty multi-select means "no restriction", as in every dashboard tool.
          if (filter.type === 'multi_select' && picked.length === 0) value = [...options];
        }
      }
      if (filter.type === 'date_range') {
        const range = value as { start: string; end: string };
        values.set(`${name}_start`, range.start);
        values.set(`${name}_end`, range.end);
      } else values.set(name, value);
    }
    return values;
  }

  private async defaultOf(d: DashboardSpec, f: FilterSpec): Promise<unknown> {
    if (f.default !== undefined) return f.default;
    if (f.type === 'multi_select') return this.filterOptions(d.name, f.name);
    if (f.type === 'select') return (await this.filterOptions(d.name, f.name))[0] ?? '';
    if (f.type === 'date_range' && f.defaultSql) {
      const key = `${d.name}.${f.name}`;
      const cached = this.defaultCache.get(key);
      if (cached && Date.now() - cached.at < (this.options.cacheMs ?? 30_000)) return cached.value;
      const result = await this.query(f.defaultSql, [], 1);
      const row = result.rows[0] ?? [];
      const value = { start: String(row[0] ?? '').slice(0, 10), end: String(row[1] ?? '').slice(0, 10) };
      if (checkFilterValue('date_range', value)) {
        throw new ApiError(500, 'filter-default-invalid', `default_sql of filter '${f.name}' must return two dates (start, end); got ${JSON.stringify(row)}`);
      }
      this.defaultCache.set(key, { at: Date.now(), value });
      return value;
    }
    throw new ApiError(400, 'filter-value-missing', `Filter '${f.name}' has no value and no default`);
  }

  private filterOf(d: DashboardSpec, name: string): FilterSpec {
    const f = d.filters.find((x) => x.name === name);
    if (!f) throw new ApiError(404, 'filter-unknown', `Dashboard '${d.name}' has no filter named '${name}'`);
    return f;
  }

  private async query(sql: string, params: unknown[], maxRows: number): Promise<QueryResult> {
    let adapter: Adapter;
    try {
      adapter = await this.adapter();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(503, 'warehouse-unavailable', error instanceof Error ? error.message : String(error));
    }
    const session = adapter.capabilities.concurrentReaders ? 'reader' : undefined;
    try {
      return await adapter.execute(sql, { ...(session ? { session } : {}), params, maxRows });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ApiError(500, 'query-failed', message);
    }
  }
}
