import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { Manifest } from '../../project/types.js';
import type { DashboardSpec, FilterSpec, FilterType, TileSpec, TileType, ValueFormat } from './dashboard-spec.js';
import { dependenciesOf } from './dashboard-refs.js';
import { toPositional } from './sql-params.js';

/** Renders Jinja (ref(), source(), var()) in dashboard SQL; the project's Renderer fits. */
export interface DashboardRenderer {
  renderString(sql: string): string;
}

/** Dashboards that loaded, and the problems of those that did not. */
export interface LoadedDashboards {
  dashboards: DashboardSpec[];
  diagnostics: Diagnostic[];
}

const FILTER_TYPES: FilterType[] = ['date_range', 'multi_select', 'select', 'number'];
const TILE_TYPES: TileType[] = ['kpi', 'line', 'area', 'bar', 'stacked_bar', 'stacked_area', 'histogram', 'table'];
const FORMATS: ValueFormat[] = ['number', 'integer', 'decimal', 'currency', 'percent', 'duration', 'text'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads and validates every `dashboards/*.yml` of a project, rendering each SQL with the project's renderer. */
export function loadDashboards(options: {
  projectDir: string;
  manifest: Manifest;
  renderer: DashboardRenderer;
  dashboardsDir?: string;
}): LoadedDashboards {
  const dir = options.dashboardsDir ?? join(options.projectDir, 'dashboards');
  const result: LoadedDashboards = { dashboards: [], diagnostics: [] };
  if (!existsSync(dir)) return result;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort();
  const seen = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    const rel = relative(options.projectDir, path);
    const parsed = parseDashboardFile(readFileSync(path, 'utf8'), rel, basename(file).replace(/\.ya?ml$/, ''), options);
    result.diagnostics.push(...parsed.diagnostics);
    if (!parsed.dashboard) continue;
    const other = seen.get(parsed.dashboard.name);
    if (other !== undefined) {
      result.diagnostics.push(problem(`Dashboard '${parsed.dashboard.name}' is defined twice (also in ${other})`, rel, parsed.dashboard.location.line, 'Give each dashboard a unique name.'));
      continue;
    }
    seen.set(parsed.dashboard.name, rel);
    result.dashboards.push(parsed.dashboard);
  }
  return result;
}

/** Validates one dashboard file's text; `file` is the path shown in diagnostics. */
export function parseDashboardFile(
  text: string,
  file: string,
  defaultName: string,
  context: { manifest: Manifest; renderer: DashboardRenderer },
): { dashboard?: DashboardSpec; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const lineOf = (node: unknown): number => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  const fail = (message: string, node: unknown, hint?: string): void => {
    diagnostics.push(problem(message, file, lineOf(node), hint, text));
  };
  const failLine = (message: string, line: number, hint?: string): void => {
    diagnostics.push(problem(message, file, line, hint, text));
  };
  for (const error of doc.errors) {
    diagnostics.push(problem(`Invalid YAML: ${error.message.split('\n')[0]}`, file, lines.linePos(error.pos[0]).line, undefined, text));
  }
  if (diagnostics.length > 0) return { diagnostics };
  const root = doc.contents;
  if (!isMap(root)) {
    fail('A dashboard file must be a mapping with `title`, `filters` and `tiles`', root);
    return { diagnostics };
  }
  const get = (map: unknown, key: string): unknown => (isMap(map) ? map.get(key, true) : undefined);
  const str = (map: unknown, key: string, required = false): string | undefined => {
    const node = get(map, key);
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required) fail(`Missing required key '${key}'`, map);
      return undefined;
    }
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
      fail(`'${key}' must be text`, node);
      return undefined;
    }
    return String(node.value);
  };
  checkKeys(root, ['name', 'title', 'description', 'owner', 'tags', 'filters', 'tiles'], fail);

  const name = str(root, 'name') ?? defaultName;
  if (!NAME.test(name)) fail(`Dashboard name '${name}' must be letters, digits and underscores`, get(root, 'name') ?? root);
  const filters: FilterSpec[] = [];
  const filtersNode = get(root, 'filters');
  if (filtersNode !== undefined && !isSeq(filtersNode)) fail("'filters' must be a list", filtersNode);
  for (const item of isSeq(filtersNode) ? filtersNode.items : []) {
    const filter = parseFilter(item, { file, str, fail, failLine, get, lineOf, doc, renderer: context.renderer });
    if (!filter) continue;
    if (filters.some((f) => f.name === filter.name)) fail(`Filter '${filter.name}' is declared twice`, item);
    else filters.push(filter);
  }
  const paramNames = new Map<string, string>();
  for (const f of filters) {
    if (f.type === 'date_range') {
      paramNames.set(`${f.name}_start`, f.name);
      paramNames.set(`${f.name}_end`, f.name);
    } else paramNames.set(f.name, f.name);
  }

  const tiles: TileSpec[] = [];
  const tilesNode = get(root, 'tiles');
  if (!isSeq(tilesNode) || tilesNode.items.length === 0) fail("A dashboard needs a non-empty list of 'tiles'", tilesNode ?? root);
  const rawSql: string[] = [];
  for (const item of isSeq(tilesNode) ? tilesNode.items : []) {
    const tile = parseTile(item, { file, str, fail, failLine, get, lineOf, doc, renderer: context.renderer, paramNames, text });
    if (!tile) continue;
    rawSql.push(tile.raw);
    if (tiles.some((t) => t.name === tile.spec.name)) fail(`Tile '${tile.spec.name}' is declared twice`, item);
    else tiles.push(tile.spec);
  }
  for (const f of filters) {
    if (f.optionsSql) rawSql.push(f.optionsSql);
  }
  const owner = get(root, 'owner');
  const tagsNode = get(root, 'tags');
  const tags = isSeq(tagsNode) ? tagsNode.items.map((t) => String(isScalar(t) ? t.value : '')) : [];
  const deps = dependenciesOf(rawSql, context.manifest);
  if (diagnostics.length > 0) return { diagnostics };
  return {
    diagnostics,
    dashboard: {
      name,
      title: str(root, 'title') ?? name.replace(/_/g, ' '),
      description: str(root, 'description') ?? '',
      owner: { ...(str(owner, 'name') ? { name: str(owner, 'name')! } : {}), ...(str(owner, 'email') ? { email: str(owner, 'email')! } : {}) },
      tags,
      filters,
      tiles,
      dependsOn: deps.ids,
      path: file,
      location: { file, line: lineOf(root) },
    },
  };
}

type Fail = (message: string, node: unknown, hint?: string) => void;
interface Helpers {
  file: string;
  str: (map: unknown, key: string, required?: boolean) => string | undefined;
  fail: Fail;
  get: (map: unknown, key: string) => unknown;
  lineOf: (node: unknown) => number;
  failLine: (message: string, line: number, hint?: string) => void;
  doc: Document;
  renderer: DashboardRenderer;
}

function parseFilter(item: unknown, h: Helpers): FilterSpec | undefined {
  if (!isMap(item)) {
    h.fail('Each filter must be a mapping with `name` and `type`', item);
    return undefined;
  }
  checkKeys(item, ['name', 'type', 'label', 'default', 'options_sql', 'default_sql'], h.fail);
  const name = h.str(item, 'name', true);
  const type = h.str(item, 'type', true);
  if (name === undefined || type === undefined) return undefined;
  if (!NAME.test(name)) h.fail(`Filter name '${name}' must be letters, digits and underscores`, h.get(item, 'name'));
  if (!FILTER_TYPES.includes(type as FilterType)) {
    h.fail(`Unknown filter type '${type}'`, h.get(item, 'type'), `Use one of: ${FILTER_TYPES.join(', ')}.`);
    return undefined;
  }
  const spec: FilterSpec = {
    name,
    type: type as FilterType,
    label: h.str(item, 'label') ?? name.replace(/_/g, ' '),
    location: { file: h.file, line: h.lineOf(item) },
  };
  const defaultNode = h.get(item, 'default');
  if (defaultNode !== undefined) {
    const value = (defaultNode as YamlNode).toJSON();
    const err = checkFilterValue(spec.type, value);
    if (err) h.fail(`Default of filter '${name}': ${err}`, defaultNode);
    else spec.default = normalizeDefault(spec.type, value);
  }
  const optionsSql = h.str(item, 'options_sql');
  if (optionsSql !== undefined) {
    if (spec.type !== 'multi_select' && spec.type !== 'select') h.fail(`'options_sql' applies to select and multi_select filters, not ${type}`, h.get(item, 'options_sql'));
    else spec.optionsSql = renderSql(optionsSql, h, h.get(item, 'options_sql'));
  } else if (spec.type === 'multi_select' || spec.type === 'select') {
    h.fail(`Filter '${name}' needs 'options_sql', the query that lists its values`, item);
  }
  const defaultSql = h.str(item, 'default_sql');
  if (defaultSql !== undefined) {
    if (spec.type !== 'date_range') h.fail("'default_sql' applies to date_range filters (a query returning start and end)", h.get(item, 'default_sql'));
    else spec.defaultSql = renderSql(defaultSql, h, h.get(item, 'default_sql'));
  }
  if ((spec.type === 'date_range' && spec.default === undefined && spec.defaultSql === undefined) || (spec.type === 'number' && spec.default === undefined)) {
    h.fail(`Filter '${name}' needs a starting value: ${spec.type === 'date_range' ? "'default' ({start, end}) or 'default_sql'" : "'default'"}`, item);
  }
  return spec;
}

function parseTile(
  item: unknown,
  h: Helpers & { paramNames: Map<string, string>; text: string },
): { spec: TileSpec; raw: string } | undefined {
  if (!isMap(item)) {
    h.fail('Each tile must be a mapping with `name`, `type` and `sql`', item);
    return undefined;
  }
  checkKeys(item, ['name', 'type', 'title', 'description', 'sql', 'width', 'x', 'y', 'series', 'value', 'compare', 'bins', 'format', 'formats', 'columns', 'sort'], h.fail);
  const name = h.str(item, 'name', true);
  const type = h.str(item, 'type', true);
  const sqlNode = h.get(item, 'sql');
  const raw = h.str(item, 'sql', true);
  if (name === undefined || type === undefined || raw === undefined) return undefined;
  if (!NAME.test(name)) h.fail(`Tile name '${name}' must be letters, digits and underscores`, h.get(item, 'name'));
  if (!TILE_TYPES.includes(type as TileType)) {
    h.fail(`Unknown tile type '${type}'`, h.get(item, 'type'), `Use one of: ${TILE_TYPES.join(', ')}.`);
    return undefined;
  }
  const rendered = renderSql(raw, h, sqlNode);
  const positional = toPositional(rendered.trim().replace(/;\s*$/, ''));
  const sqlLine = h.lineOf(sqlNode);
  if (positional.positional.length > 0) {
    h.fail(`Tile '${name}' uses a positional parameter; name filter values instead ($my_filter)`, sqlNode);
  }
  const filters = new Set<string>();
  for (const param of positional.params) {
    const filter = h.paramNames.get(param);
    if (filter === undefined) {
      const known = [...h.paramNames.keys()].map((p) => `$${p}`).join(', ') || 'none (declare filters first)';
      h.fail(`Tile '${name}' uses $${param}, which no filter provides`, sqlNode, `Parameters available: ${known}.`);
    } else filters.add(filter);
  }
  const format = h.str(item, 'format') ?? 'number';
  if (!FORMATS.includes(format as ValueFormat)) h.fail(`Unknown format '${format}'`, h.get(item, 'format'), `Use one of: ${FORMATS.join(', ')}.`);
  const formats: Record<string, ValueFormat> = {};
  const formatsNode = h.get(item, 'formats');
  if (formatsNode !== undefined) {
    const value = (formatsNode as YamlNode).toJSON() as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) h.fail("'formats' must map column names to formats", formatsNode);
    else {
      for (const [col, f] of Object.entries(value as Record<string, unknown>)) {
        if (!FORMATS.includes(f as ValueFormat)) h.fail(`Unknown format '${String(f)}' for column '${col}'`, formatsNode);
        else formats[col] = f as ValueFormat;
      }
    }
  }
  const widthText = h.str(item, 'width');
  const width = widthText === undefined ? (type === 'kpi' ? 3 : type === 'table' ? 12 : 6) : Number(widthText);
  if (!Number.isInteger(width) || width < 1 || width > 12) h.fail("'width' must be a whole number from 1 to 12 (twelfths of a row)", h.get(item, 'width'));
  const yNode = h.get(item, 'y');
  let y: string[] | undefined;
  if (yNode !== undefined) {
    const value = (yNode as YamlNode).toJSON() as unknown;
    y = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  const columnsNode = h.get(item, 'columns');
  const columns = columnsNode === undefined ? undefined : (((columnsNode as YamlNode).toJSON() as unknown[]) ?? []).map(String);
  const sortNode = h.get(item, 'sort');
  let sort: TileSpec['sort'];
  if (sortNode !== undefined) {
    const column = h.str(sortNode, 'column');
    const dir = h.str(sortNode, 'direction') ?? 'asc';
    if (!column) h.fail("'sort' needs a 'column'", sortNode);
    else if (dir !== 'asc' && dir !== 'desc') h.fail("'sort.direction' must be asc or desc", sortNode);
    else sort = { column, descending: dir === 'desc' };
  }
  const x = h.str(item, 'x');
  const value = h.str(item, 'value');
  if (['line', 'area', 'bar', 'stacked_bar', 'stacked_area'].includes(type) && (x === undefined || y === undefined)) {
    h.fail(`A ${type} tile needs 'x' (the category or date column) and 'y' (one or more value columns)`, item);
  }
  if ((type === 'kpi' || type === 'histogram') && value === undefined) {
    h.fail(`A ${type} tile needs 'value', the column holding its number`, item);
  }
  const binsText = h.str(item, 'bins');
  const bins = binsText === undefined ? undefined : Number(binsText);
  if (bins !== undefined && (!Number.isInteger(bins) || bins < 1 || bins > 200)) h.fail("'bins' must be a whole number from 1 to 200", h.get(item, 'bins'));
  const spec: TileSpec = {
    name,
    type: type as TileType,
    title: h.str(item, 'title') ?? name.replace(/_/g, ' '),
    width,
    sql: positional.sql,
    params: positional.params,
    filters: [...filters],
    format: format as ValueFormat,
    formats,
    location: { file: h.file, line: sqlLine },
  };
  const description = h.str(item, 'description');
  if (description !== undefined) spec.description = description;
  if (x !== undefined) spec.x = x;
  if (y !== undefined) spec.y = y;
  const series = h.str(item, 'series');
  if (series !== undefined) spec.series = series;
  if (value !== undefined) spec.value = value;
  const compare = h.str(item, 'compare');
  if (compare !== undefined) spec.compare = compare;
  if (bins !== undefined) spec.bins = bins;
  if (columns !== undefined) spec.columns = columns;
  if (sort !== undefined) spec.sort = sort;
  return { spec, raw };
}

function renderSql(raw: string, h: Helpers, node: unknown): string {
  try {
    return h.renderer.renderString(raw);
  } catch (error) {
    const inner = (error as { diagnostic?: Diagnostic }).diagnostic;
    const message = inner?.message ?? (error instanceof Error ? error.message : String(error));
    // A block scalar's text starts on the line after its key; template errors count lines from there.
    const blockStart = h.lineOf(node) + (raw.includes('\n') ? 1 : 0);
    const line = inner?.location?.line !== undefined ? blockStart + inner.location.line - 1 : h.lineOf(node);
    h.failLine(`SQL does not render: ${message}`, line, inner?.hint);
    return raw;
  }
}

function checkKeys(map: unknown, allowed: string[], fail: Fail): void {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allowed.includes(key)) fail(`Unknown key '${key}'`, pair.key, `Allowed here: ${allowed.join(', ')}.`);
  }
}

/** Checks a filter value's type; returns the problem or undefined. */
export function checkFilterValue(type: FilterType, value: unknown): string | undefined {
  switch (type) {
    case 'date_range': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'expected {start, end} dates';
      const { start, end } = value as Record<string, unknown>;
      const keys = Object.keys(value as object);
      if (keys.some((k) => k !== 'start' && k !== 'end')) return 'expected only start and end';
      if (!isIsoDate(asDateText(start)) || !isIsoDate(asDateText(end))) return 'start and end must be dates written YYYY-MM-DD';
      if (asDateText(start)! > asDateText(end)!) return 'start must not be after end';
      return undefined;
    }
    case 'multi_select':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length > 500) || value.length > 10_000) return 'expected a list of text values';
      return undefined;
    case 'select':
      return typeof value === 'string' && value.length <= 500 ? undefined : 'expected one text value';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
  }
}

function normalizeDefault(type: FilterType, value: unknown): unknown {
  if (type !== 'date_range') return value;
  const v = value as Record<string, unknown>;
  return { start: asDateText(v.start), end: asDateText(v.end) };
}

/** YAML reads unquoted dates as Date objects; the API speaks `YYYY-MM-DD` text. */
function asDateText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value : undefined;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function problem(message: string, file: string, line: number, hint?: string, text?: string): Diagnostic {
  const d: Diagnostic = { code: 'dashboard-invalid', severity: 'error', message, location: { file, line } };
  if (hint) d.hint = hint;
  if (text !== undefined) {
    const excerpt = text.split('\n')[line - 1];
    if (excerpt !== undefined && excerpt.trim() !== '') d.excerpt = excerpt;
  }
  return d;
}

