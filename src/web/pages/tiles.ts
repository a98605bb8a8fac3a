// Renders one dashboard tile's data: KPI, chart, histogram or sortable table.
import { drawChart, type TileData, type TileInfo } from '../charts.js';
import { emptyState, h, replace, svg } from '../dom.js';
import { formatCell, formatChange, formatValue, toNumber } from '../format.js';

/** Fills a tile's body with its data. */
export function renderTileBody(body: HTMLElement, tile: TileInfo, data: TileData): void {
  if (data.rows.length === 0) {
    replace(body, emptyState('No data for these filters', 'Try a wider date range or fewer filters.'));
    return;
  }
  switch (tile.type) {
    case 'kpi':
      replace(body, kpi(tile, data));
      return;
    case 'table':
      replace(body, table(tile, data));
      return;
    default: {
      const el = h('div', { class: 'chart', role: 'img', 'aria-label': tile.title });
      replace(body, el);
      drawChart(el, tile, data);
    }
  }
}

function kpi(tile: TileInfo, data: TileData): HTMLElement {
  const vi = data.columns.findIndex((c) => c.name === tile.value);
  const ci = tile.compare ? data.columns.findIndex((c) => c.name === tile.compare) : -1;
  const last = data.rows[data.rows.length - 1]!;
  const current = toNumber(last[vi]);
  let previous: number | undefined;
  if (ci >= 0) previous = toNumber(last[ci]);
  else if (data.rows.length >= 2) previous = toNumber(data.rows[data.rows.length - 2]![vi]);
  const change = current !== undefined && previous !== undefined ? formatChange(current, previous) : undefined;
  const series = data.rows.map((r) => toNumber(r[vi])).filter((v): v is number => v !== undefined);
  const periodLabel = data.rows.length >= 2 && data.columns.length > 1 ? String(last[data.columns.findIndex((_c, i) => i !== vi)] ?? '') : '';
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'kpi-value', 'data-raw': current === undefined ? '' : String(current), title: formatValue(current, tile.format, 'long') }, formatValue(current ?? last[vi], tile.format)),
    h(
      'div',
      { class: 'kpi-meta' },
      change
        ? h('span', { class: `kpi-change ${change.direction}`, 'data-change': change.text }, change.direction === 'up' ? '▲ ' : change.direction === 'down' ? '▼ ' : '', change.text)
        : null,
      previous !== undefined ? h('span', { class: 'kpi-prev' }, `vs ${formatValue(previous, tile.format)}${periodLabel ? ` · ${periodLabel.slice(0, 10)}` : ''}`) : null,
    ),
    series.length >= 3 ? sparkline(series) : null,
  );
}

function sparkline(values: number[]): SVGElement {
  const w = 120;
  const hgt = 28;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const pts = values.map((v, i) => `${((i / (values.length - 1)) * w).toFixed(1)},${(hgt - 2 - ((v - min) / span) * (hgt - 4)).toFixed(1)}`).join(' ');
  const el = svg('svg', { class: 'sparkline', viewBox: `0 0 ${w} ${hgt}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' }, svg('polyline', { points: pts, fill: 'none' }));
  return el;
}

function table(tile: TileInfo, data: TileData): HTMLElement {
  const names = tile.columns?.filter((c) => data.columns.some((d) => d.name === c)) ?? data.columns.map((c) => c.name);
  const index = names.map((n) => data.columns.findIndex((c) => c.name === n));
  const types = index.map((i) => data.columns[i]?.type ?? '');
  let sort = tile.sort ? { column: tile.sort.column, descending: tile.sort.descending } : undefined;
  const wrap = h('div', { class: 'table-wrap' });
  const numeric = types.map((t) => /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC/.test(t));
  const draw = (): void => {
    const rows = [...data.rows];
    if (sort) {
      const si = data.columns.findIndex((c) => c.name === sort!.column);
      const dir = sort.descending ? -1 : 1;
      rows.sort((a, b) => {
        const x = a[si];
        const y = b[si];
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const nx = toNumber(x);
        const ny = toNumber(y);
        if (nx !== undefined && ny !== undefined) return (nx - ny) * dir;
        return String(x).localeCompare(String(y)) * dir;
      });
    }
    const shown = rows.slice(0, 500);
    replace(
      wrap,
      h(
        'table',
        { class: 'data-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            names.map((n, i) =>
              h(
                'th',
                {
                  class: numeric[i] ? 'num sortable' : 'sortable',
                  'aria-sort': sort?.column === n ? (sort.descending ? 'descending' : 'ascending') : 'none',
                  tabindex: 0,
                  onclick: () => {
                    sort = sort?.column === n ? { column: n, descending: !sort.descending } : { column: n, descending: numeric[i] ?? false };
                    draw();
                  },
                  onkeydown: (e: KeyboardEvent) => {
                    if (e.key === 'Enter' || e.key === ' ') (e.currentTarget as HTMLElement).click();
                  },
                },
                n,
                h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sort?.column === n ? (sort.descending ? ' ↓' : ' ↑') : ''),
              ),
            ),
          ),
        ),
        h(
          'tbody',
          null,
          shown.map((row) =>
            h(
              'tr',
              null,
              index.map((ci, i) => h('td', { class: numeric[i] ? 'num' : '' }, formatCell(row[ci], tile.formats[names[i]!], types[i]!))),
            ),
          ),
        ),
      ),
      rows.length > shown.length || data.truncated ? h('div', { class: 'table-note' }, `Showing ${shown.length} of ${rows.length}${data.truncated ? '+' : ''} rows`) : null,
    );
  };
  draw();
  return wrap;
}
