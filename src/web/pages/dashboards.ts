// The dashboards list and one dashboard: filter bar and tiles.
import { getJson, postJson } from '../api.js';
import { disposeCharts, resizeCharts, type TileData, type TileInfo } from '../charts.js';
import { emptyState, errorState, h, loading, replace } from '../dom.js';
import type { Route } from '../router.js';
import { setQuery } from '../router.js';
import { renderTileBody } from './tiles.js';

interface FilterInfo {
  name: string;
  type: 'date_range' | 'multi_select' | 'select' | 'number';
  label: string;
  default: unknown;
  hasOptions: boolean;
}
interface DashboardInfo {
  name: string;
  title: string;
  description: string;
  owner: { name?: string; email?: string };
  tags: string[];
  path: string;
  dependsOn: string[];
  filters: FilterInfo[];
  tiles: TileInfo[];
}
interface Problem {
  code: string;
  message: string;
  file: string | null;
  line: number | null;
  hint: string | null;
}

type Values = Record<string, unknown>;

/** `#/dashboards`: every dashboard of the project as a card. */
export async function dashboardsPage(root: HTMLElement): Promise<void> {
  replace(root, loading());
  const { dashboards, problems } = await getJson<{ dashboards: DashboardInfo[]; problems: Problem[] }>('/dashboards');
  replace(
    root,
    h('header', { class: 'page-head' }, h('h1', null, 'Dashboards'), h('p', { class: 'lead' }, 'Defined as code in the project’s dashboards/ folder.')),
    problemList(problems),
    dashboards.length === 0
      ? emptyState('No dashboards yet', h('span', null, 'Add a file such as ', h('code', null, 'dashboards/kpis.yml'), ' to the project; see the dashboards guide.'), '▦')
      : h(
          'div',
          { class: 'card-grid' },
          dashboards.map((d) =>
            h(
              'a',
              { class: 'card link-card', href: `#/dashboards/${encodeURIComponent(d.name)}`, 'data-dashboard': d.name },
              h('div', { class: 'card-title' }, d.title),
              h('p', { class: 'muted' }, d.description || 'No description'),
              h('div', { class: 'card-foot' }, `${d.tiles.length} tiles · ${d.filters.length} filters`, d.tags.map((t) => h('span', { class: 'tag' }, t))),
            ),
          ),
        ),
  );
}

function problemList(problems: Problem[]): HTMLElement | null {
  if (problems.length === 0) return null;
  return h(
    'div',
    { class: 'banner banner-error', role: 'alert' },
    h('strong', null, `${problems.length} dashboard problem${problems.length === 1 ? '' : 's'}`),
    h('ul', null, problems.map((p) => h('li', null, h('code', null, `${p.file ?? ''}${p.line ? `:${p.line}` : ''}`), ' ', p.message, p.hint ? h('span', { class: 'muted' }, ` ${p.hint}`) : null))),
  );
}

/** `#/dashboards/:name`: filter bar and tiles, refreshed when a filter changes. */
export async function dashboardPage(root: HTMLElement, route: Route): Promise<() => void> {
  const name = route.params[0] ?? '';
  replace(root, loading());
  const [dashboard, defaults] = await Promise.all([
    getJson<DashboardInfo>(`/dashboards/${encodeURIComponent(name)}`),
    getJson<{ filters: Values }>(`/dashboards/${encodeURIComponent(name)}/defaults`).catch((error: Error) => ({ filters: {}, error })),
  ]);
  const values: Values = { ...defaults.filters, ...fromQuery(dashboard.filters, route.query) };
  const grid = h('div', { class: 'tile-grid' });
  const tileEls = new Map<string, { el: HTMLElement; body: HTMLElement; meta: HTMLElement }>();
  for (const tile of dashboard.tiles) {
    const body = h('div', { class: 'tile-body' }, loading(''));
    const meta = h('span', { class: 'tile-meta' });
    const el = h(
      'section',
      { class: `tile tile-${tile.type}`, 'data-tile': tile.name, 'data-state': 'loading', style: { gridColumn: `span ${tile.width}` } },
      h('header', { class: 'tile-head' }, h('h2', { class: 'tile-title', title: tile.description ?? '' }, tile.title), meta),
      tile.description && tile.type !== 'kpi' ? h('p', { class: 'tile-desc' }, tile.description) : null,
      body,
    );
    tileEls.set(tile.name, { el, body, meta });
    grid.appendChild(el);
  }
  const tokens = new Map<string, number>();
  const load = (changed?: string): void => {
    setQuery(toQuery(dashboard.filters, values, defaults.filters));
    for (const tile of dashboard.tiles) {
      if (changed && !tile.filters.includes(changed)) continue;
      const t = tileEls.get(tile.name)!;
      const token = (tokens.get(tile.name) ?? 0) + 1;
      tokens.set(tile.name, token);
      t.el.dataset.state = 'loading';
      t.el.classList.add('is-loading');
      const filters: Values = {};
      for (const f of tile.filters) if (values[f] !== undefined) filters[f] = values[f];
      postJson<TileData>(`/dashboards/${encodeURIComponent(name)}/tiles/${encodeURIComponent(tile.name)}`, { filters })
        .then((data) => {
          // A slower answer to an older filter value must not replace a newer one.
          if (tokens.get(tile.name) !== token) return;
          disposeCharts(t.body);
          renderTileBody(t.body, tile, data);
          t.meta.textContent = `${Math.round(data.elapsedMs)} ms`;
          t.el.dataset.state = data.rows.length === 0 ? 'empty' : 'ready';
        })
        .catch((error: Error) => {
          if (tokens.get(tile.name) !== token) return;
          replace(t.body, errorState('This tile could not load', error.message));
          t.el.dataset.state = 'error';
        })
        .finally(() => t.el.classList.remove('is-loading'));
    }
  };
  const bar = filterBar(dashboard, values, (changed) => load(changed));
  replace(
    root,
    h(
      'header',
      { class: 'page-head' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/dashboards' }, 'Dashboards'), ' / '),
      h('h1', null, dashboard.title),
      dashboard.description ? h('p', { class: 'lead' }, dashboard.description) : null,
      h(
        'div',
        { class: 'page-meta' },
        dashboard.owner.name ? h('span', null, `Owner: ${dashboard.owner.name}`) : null,
        h('a', { href: `#/docs/${encodeURIComponent(`exposure.${projectOf(dashboard)}.${dashboard.name}`)}` }, 'Lineage & sources'),
        h('code', { class: 'muted' }, dashboard.path),
      ),
    ),
    'error' in defaults ? errorState('Filter defaults could not load', (defaults as { error: Error }).error.message) : null,
    bar,
    grid,
  );
  load();
  const onResize = (): void => resizeCharts(grid);
  window.addEventListener('resize', onResize);
  const onTheme = (): void => load();
  window.addEventListener('themechange', onTheme);
  return () => {
    window.removeEventListener('resize', onResize);
    window.removeEventListener('themechange', onTheme);
    disposeCharts(grid);
  };
}

let projectName = '';
/** The project name, set once from /health, used for exposure links. */
export function setProjectName(name: string): void {
  projectName = name;
}
function projectOf(_d: DashboardInfo): string {
  return projectName;
}

function filterBar(d: DashboardInfo, values: Values, onChange: (name: string) => void): HTMLElement | null {
  if (d.filters.length === 0) return null;
  return h(
    'div',
    { class: 'filter-bar', role: 'group', 'aria-label': 'Filters' },
    d.filters.map((f) => h('div', { class: 'filter', 'data-filter': f.name }, h('span', { class: 'filter-label' }, f.label), filterControl(d, f, values, onChange))),
  );
}

function filterControl(d: DashboardInfo, f: FilterInfo, values: Values, onChange: (name: string) => void): HTMLElement {
  if (f.type === 'date_range') {
    const v = (values[f.name] as { start: string; end: string } | undefined) ?? { start: '', end: '' };
    const start = h('input', { type: 'date', value: v.start, 'aria-label': `${f.label} from`, 'data-part': 'start' });
    const end = h('input', { type: 'date', value: v.end, 'aria-label': `${f.label} to`, 'data-part': 'end' });
    const changed = (): void => {
      if (!start.value || !end.value || start.value > end.value) {
        start.setCustomValidity(start.value > end.value ? 'The start is after the end' : '');
        start.reportValidity();
        return;
      }
      start.setCustomValidity('');
      values[f.name] = { start: start.value, end: end.value };
      onChange(f.name);
    };
    start.addEventListener('change', changed);
    end.addEventListener('change', changed);
    return h('div', { class: 'date-range' }, start, h('span', { class: 'muted' }, '→'), end);
  }
  if (f.type === 'number') {
    const input = h('input', { type: 'number', value: String(values[f.name] ?? ''), 'aria-label': f.label });
    input.addEventListener('change', () => {
      if (input.value === '' || !Number.isFinite(Number(input.value))) return;
      values[f.name] = Number(input.value);
      onChange(f.name);
    });
    return input;
  }
  const path = `/dashboards/${encodeURIComponent(d.name)}/filters/${encodeURIComponent(f.name)}/options`;
  if (f.type === 'select') {
    const select = h('select', { 'aria-label': f.label }, h('option', null, String(values[f.name] ?? '')));
    void getJson<{ values: string[] }>(path).then(({ values: options }) => {
      replace(select, options.map((o) => h('option', { value: o, selected: o === values[f.name] }, o)));
    });
    select.addEventListener('change', () => {
      values[f.name] = select.value;
      onChange(f.name);
    });
    return select;
  }
  return multiSelect(f, path, values, onChange);
}

function multiSelect(f: FilterInfo, path: string, values: Values, onChange: (name: string) => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'select-button', 'aria-haspopup': 'listbox', 'aria-expanded': 'false' }, '…');
  const panel = h('div', { class: 'popover', hidden: true, role: 'listbox', 'aria-multiselectable': 'true' });
  const wrap = h('div', { class: 'multi-select' }, button, panel);
  let options: string[] = [];
  const selected = (): string[] => (values[f.name] as string[] | undefined) ?? options;
  const label = (): void => {
    const s = selected();
    button.textContent = s.length === 0 || s.length === options.length ? `All (${options.length})` : s.length <= 2 ? s.join(', ') : `${s.length} selected`;
  };
  const render = (): void => {
    const s = new Set(selected());
    replace(
      panel,
      h(
        'div',
        { class: 'popover-actions' },
        h('button', { type: 'button', class: 'link', onclick: () => set(options) }, 'All'),
        h('button', { type: 'button', class: 'link', onclick: () => set([]) }, 'None'),
      ),
      options.map((o) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            value: o,
            checked: s.has(o),
            onchange: (e: Event) => {
              const next = new Set(selected());
              if ((e.target as HTMLInputElement).checked) next.add(o);
              else next.delete(o);
              set(options.filter((x) => next.has(x)));
            },
          }),
          o,
        ),
      ),
    );
  };
  const set = (next: string[]): void => {
    // None selected would show nothing at all; the server reads an empty list as "all".
    values[f.name] = next;
    label();
    render();
    onChange(f.name);
  };
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
  });
  document.addEventListener('click', (e) => {
    // composedPath, not contains(): a click on an option re-renders the panel, so by the time
    // the click reaches the document its target is no longer inside the popover.
    if (!e.composedPath().includes(wrap)) {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
    }
  });
  void getJson<{ values: string[] }>(path)
    .then((r) => {
      options = r.values;
      label();
      render();
    })
    .catch(() => {
      button.textContent = 'Unavailable';
    });
  return wrap;
}

function toQuery(filters: FilterInfo[], values: Values, defaults: Values): Record<string, string> {
  const q: Record<string, string> = {};
  for (const f of filters) {
    const v = values[f.name];
    if (v === undefined || JSON.stringify(v) === JSON.stringify(defaults[f.name])) continue;
    if (f.type === 'date_range') q[f.name] = `${(v as { start: string }).start}..${(v as { end: string }).end}`;
    else if (f.type === 'multi_select') q[f.name] = (v as string[]).join(',');
    else q[f.name] = String(v);
  }
  return q;
}

function fromQuery(filters: FilterInfo[], query: URLSearchParams): Values {
  const out: Values = {};
  for (const f of filters) {
    const raw = query.get(f.name);
    if (raw === null) continue;
    if (f.type === 'date_range') {
      const [start, end] = raw.split('..');
      if (start && end) out[f.name] = { start, end };
    } else if (f.type === 'multi_select') out[f.name] = raw === '' ? [] : raw.split(',');
    else if (f.type === 'number') out[f.name] = Number(raw);
    else out[f.name] = raw;
  }
  return out;
}
