// The shape of a dashboard defined in a project's `dashboards/*.yml` file, after validation.

/** The kinds of filter a dashboard can declare. */
export type FilterType = 'date_range' | 'multi_select' | 'select' | 'number';

/** The kinds of tile a dashboard can show. */
export type TileType = 'kpi' | 'line' | 'area' | 'bar' | 'stacked_bar' | 'stacked_area' | 'histogram' | 'table';

/** How a tile's numbers are printed in the browser. */
export type ValueFormat = 'number' | 'integer' | 'decimal' | 'currency' | 'percent' | 'duration' | 'text';

/** Where a dashboard part was declared, for diagnostics and the docs pages. */
export interface SpecLocation {
  file: string;
  line: number;
}

/** A declared filter; its values reach tile SQL only as bound parameters. */
export interface FilterSpec {
  name: string;
  type: FilterType;
  label: string;
  /** date_range: `{start, end}`; multi_select: string[]; select: string; number: number. */
  default?: unknown;
  /** Rendered SQL returning the selectable values (multi_select, select) or `start, end` (date_range default). */
  optionsSql?: string;
  defaultSql?: string;
  location: SpecLocation;
}

/** A declared tile and its rendered SQL (with `$name` placeholders mapped to positions). */
export interface TileSpec {
  name: string;
  type: TileType;
  title: string;
  description?: string;
  /** Grid width in twelfths of the row. */
  width: number;
  /** SQL after ref()/source() rendering, placeholders replaced by `$1..$n`. */
  sql: string;
  /** The parameter name bound to each position `$1..$n`. */
  params: string[];
  /** Filters the tile's SQL uses; the others do not change it. */
  filters: string[];
  x?: string;
  y?: string[];
  series?: string;
  value?: string;
  compare?: string;
  bins?: number;
  format: ValueFormat;
  /** Per-column formats for tables and multi-series charts. */
  formats: Record<string, ValueFormat>;
  columns?: string[];
  sort?: { column: string; descending: boolean };
  location: SpecLocation;
}

/** One dashboard, ready to serve. */
export interface DashboardSpec {
  name: string;
  title: string;
  description: string;
  owner: { name?: string; email?: string };
  tags: string[];
  filters: FilterSpec[];
  tiles: TileSpec[];
  /** unique_ids of the models, seeds, snapshots and sources its SQL reads (the exposure's depends_on). */
  dependsOn: string[];
  /** Path relative to the project folder. */
  path: string;
  location: SpecLocation;
}

/** What the browser may know about a dashboard: everything but the SQL. */
export function publicDashboard(d: DashboardSpec): Record<string, unknown> {
  return {
    name: d.name,
    title: d.title,
    description: d.description,
    owner: d.owner,
    tags: d.tags,
    path: d.path,
    dependsOn: d.dependsOn,
    filters: d.filters.map((f) => ({
      name: f.name,
      type: f.type,
      label: f.label,
      default: f.default ?? null,
      hasOptions: f.optionsSql !== undefined,
    })),
    tiles: d.tiles.map((t) => ({
      name: t.name,
      type: t.type,
      title: t.title,
      description: t.description ?? null,
      width: t.width,
      filters: t.filters,
      x: t.x ?? null,
      y: t.y ?? null,
      series: t.series ?? null,
      value: t.value ?? null,
      compare: t.compare ?? null,
      bins: t.bins ?? null,
      format: t.format,
      formats: t.formats,
      columns: t.columns ?? null,
      sort: t.sort ?? null,
    })),
  };
}
