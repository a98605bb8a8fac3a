// Docs: the project overview, one page per node (model, source, seed, snapshot, test, exposure,
// analysis, macro, doc block) and per column.
import { getJson } from '../api.js';
import { badge, emptyState, h, loading, replace, type Child } from '../dom.js';
import { docsIndex, TYPE_LABELS, TYPE_ORDER, type IndexEntry } from '../docs-index.js';
import { formatDuration, formatTime, formatValue, timeAgo } from '../format.js';
import { markdown } from '../markdown.js';
import type { Route } from '../router.js';
import { freshnessFacts, type SourceFreshness } from './freshness.js';

type Json = Record<string, unknown>;
interface Brief {
  id: string;
  name: string;
  type: string;
  status: string | null;
}
interface TestInfo {
  id: string;
  name: string;
  type: string;
  column: string | null;
  test: string;
  severity: string | null;
  status: string | null;
  failures: number | null;
  message: string | null;
}
interface Detail {
  node: Json;
  rawCode: string | null;
  compiledCode: string | null;
  catalog: Json | null;
  tests: TestInfo[];
  parents: Brief[];
  children: Brief[];
  lastResult: Json | null;
  /** A source's last freshness check (null for other nodes or before the first check). */
  freshness?: SourceFreshness | null;
}

/** A link to a node's docs page. */
export function nodeLink(id: string, label: string, extra?: Child): HTMLElement {
  return h('a', { href: `#/docs/${encodeURIComponent(id)}`, class: 'node-link', 'data-node': id }, label, extra ?? null);
}

function md(text: unknown): HTMLElement {
  const el = h('div', { class: 'prose' });
  const s = typeof text === 'string' ? text : '';
  if (s.trim() === '') el.appendChild(h('p', { class: 'muted' }, 'No description.'));
  else el.innerHTML = markdown(s);
  return el;
}

/** The docs layout: navigation tree and content. */
export async function docsPage(root: HTMLElement, route: Route): Promise<void> {
  replace(root, loading());
  const index = await docsIndex();
  const content = h('div', { class: 'docs-content' });
  const id = route.params[0];
  replace(root, h('div', { class: 'docs-layout' }, navTree(index.entries, id), content));
  if (!id) return overview(content, index.entries, index.project, index.generatedAt, index.catalogGeneratedAt);
  replace(content, loading());
  let detail: Detail;
  try {
    detail = await getJson<Detail>(`/docs/nodes/${encodeURIComponent(id)}`);
  } catch (error) {
    replace(content, emptyState('Not found', (error as Error).message));
    return;
  }
  if (route.params[1] === 'columns' && route.params[2]) columnPage(content, detail, route.params[2]);
  else nodePage(content, detail);
  document.title = `${String(detail.node.name)} · Reelhouse`;
}

function navTree(entries: IndexEntry[], current: string | undefined): HTMLElement {
  const groups = new Map<string, IndexEntry[]>();
  for (const e of entries) {
    if (e.type === 'test' || e.type === 'unit_test') continue;
    let list = groups.get(e.type);
    if (!list) groups.set(e.type, (list = []));
    list.push(e);
  }
  const filter = h('input', { type: 'search', class: 'nav-filter', placeholder: 'Filter…', 'aria-label': 'Filter the navigation' });
  const tree = h('div', { class: 'nav-tree' });
  const draw = (): void => {
    const q = filter.value.trim().toLowerCase();
    replace(
      tree,
      TYPE_ORDER.filter((t) => groups.has(t)).map((type) => {
        const list = groups.get(type)!.filter((e) => q === '' || e.name.toLowerCase().includes(q));
        if (list.length === 0) return null;
        const folders = new Map<string, IndexEntry[]>();
        for (const e of list) {
          const key = e.folder || '';
          let f = folders.get(key);
          if (!f) folders.set(key, (f = []));
          f.push(e);
        }
        const open = q !== '' || list.some((e) => e.id === current) || type === 'model' || list.length <= 12;
        return h(
          'details',
          { class: 'nav-group', open },
          h('summary', null, TYPE_LABELS[type] ?? type, h('span', { class: 'count' }, String(list.length))),
          [...folders.keys()].sort().map((folder) =>
            h(
              'div',
              { class: 'nav-folder' },
              folder && folders.size > 1 ? h('div', { class: 'nav-folder-name' }, folder) : null,
              folders.get(folder)!.sort((a, b) => a.name.localeCompare(b.name)).map((e) =>
                h('a', { href: `#/docs/${encodeURIComponent(e.id)}`, class: `nav-item${e.id === current ? ' active' : ''}`, title: e.path }, statusDot(e.status), e.name),
              ),
            ),
          ),
        );
      }),
    );
  };
  filter.addEventListener('input', draw);
  draw();
  return h('nav', { class: 'docs-nav', 'aria-label': 'Project' }, filter, tree);
}

function statusDot(status: string | null): HTMLElement | null {
  if (!status) return null;
  const bad = ['error', 'fail', 'runtime error'].includes(status);
  const warn = status === 'warn' || status === 'partial success';
  return h('span', { class: `dot ${bad ? 'dot-bad' : warn ? 'dot-warn' : status === 'skipped' ? 'dot-skip' : 'dot-ok'}`, title: `last run: ${status}` });
}

function overview(content: HTMLElement, entries: IndexEntry[], project: string, generatedAt: string | null, catalogAt: string | null): void {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  const failing = entries.filter((e) => e.status && ['error', 'fail', 'runtime error'].includes(e.status));
  // As dbt's docs site: the project's own __overview__ block, else the one every manifest carries from dbt itself.
  const overviews = entries.filter((e) => e.type === 'doc' && e.name === '__overview__');
  const overviewDoc = overviews.find((e) => e.package === project) ?? overviews.find((e) => e.package === 'dbt');
  replace(
    content,
    h('header', { class: 'page-head' }, h('h1', null, 'Project documentation'), h('p', { class: 'lead' }, `Manifest ${generatedAt ? timeAgo(generatedAt) : 'not dated'} · catalog ${catalogAt ? timeAgo(catalogAt) : 'not generated (run reelhouse docs generate)'}`)),
    h(
      'div',
      { class: 'stat-row' },
      TYPE_ORDER.filter((t) => counts.has(t)).map((t) => h('div', { class: 'stat' }, h('div', { class: 'stat-value' }, formatValue(counts.get(t)!, 'integer')), h('div', { class: 'stat-label' }, TYPE_LABELS[t] ?? t))),
    ),
    overviewDoc ? md(overviewDoc.description) : null,
    failing.length
      ? h('section', { class: 'card' }, h('h2', null, 'Failing in the last run'), h('ul', { class: 'plain' }, failing.map((e) => h('li', null, badge(e.status!), ' ', nodeLink(e.id, e.name)))))
      : null,
    h('section', { class: 'card' }, h('h2', null, 'Models by folder'), folderTable(entries.filter((e) => e.type === 'model'))),
  );
}

function folderTable(models: IndexEntry[]): HTMLElement {
  const byFolder = new Map<string, IndexEntry[]>();
  for (const m of models) {
    const list = byFolder.get(m.folder) ?? [];
    list.push(m);
    byFolder.set(m.folder, list);
  }
  if (byFolder.size === 0) return emptyState('No models');
  return h(
    'table',
    { class: 'data-table' },
    h('thead', null, h('tr', null, h('th', null, 'Folder'), h('th', { class: 'num' }, 'Models'), h('th', null, 'Materializations'))),
    h(
      'tbody',
      null,
      [...byFolder.entries()].sort().map(([folder, list]) =>
        h('tr', null, h('td', null, h('code', null, folder || '(root)')), h('td', { class: 'num' }, String(list.length)), h('td', null, [...new Set(list.map((m) => m.materialized ?? ''))].filter(Boolean).map((m) => badge(m)))),
      ),
    ),
  );
}

function nodePage(content: HTMLElement, d: Detail): void {
  const n = d.node;
  const type = String(n.resource_type);
  const config = (n.config as Json | undefined) ?? {};
  const stats = (d.catalog?.stats as Record<string, Json> | undefined) ?? {};
  const rowCount = stats.row_count?.value;
  const catalogColumns = (d.catalog?.columns as Record<string, Json> | undefined) ?? {};
  const title = type === 'source' ? `${String(n.source_name)}.${String(n.name)}` : String(n.label ?? n.name);
  const facts: [string, Child][] = [];
  const add = (k: string, v: unknown): void => {
    if (v !== undefined && v !== null && v !== '') facts.push([k, typeof v === 'object' && !(v instanceof Node) ? JSON.stringify(v) : (v as Child)]);
  };
  add('Relation', n.relation_name ? h('code', null, String(n.relation_name)) : null);
  add('Materialized', config.materialized);
  add('Package', n.package_name);
  add('File', n.original_file_path ? h('code', null, String(n.original_file_path)) : null);
  add('Rows', typeof rowCount === 'number' ? formatValue(rowCount, 'integer', 'long') : null);
  add('Columns', Object.keys(catalogColumns).length || Object.keys((n.columns as Json | undefined) ?? {}).length || null);
  add('Type', d.catalog ? (d.catalog.metadata as Json).type : null);
  if (type === 'source') {
    add('Loader', n.loader);
    add('Loaded at field', n.loaded_at_field);
    // A source without thresholds carries an empty rule ({count: null, ...}), as in dbt: nothing to show.
    const rule = n.freshness ? freshnessText(n.freshness as Json) : 'not checked';
    add('Freshness', rule === 'not checked' ? null : rule);
    add('Last freshness check', d.freshness ? freshnessFacts(d.freshness) : rule !== 'not checked' ? h('span', { class: 'muted' }, 'not checked yet: run `reelhouse source freshness`') : null);
  }
  if (type === 'exposure') {
    add('Exposure type', n.type);
    add('Owner', [((n.owner as Json | undefined)?.name as string | undefined) ?? '', ((n.owner as Json | undefined)?.email as string | undefined) ?? ''].filter(Boolean).join(' · '));
    add('Maturity', n.maturity);
    if (typeof n.dashboard === 'string') add('Dashboard', h('a', { href: `#/dashboards/${encodeURIComponent(n.dashboard)}` }, 'Open the dashboard →'));
    else add('URL', n.url ? h('a', { href: String(n.url), rel: 'noopener noreferrer' }, String(n.url)) : null);
  }
  if (type === 'test') {
    const meta = n.test_metadata as Json | undefined;
    add('Test', meta ? `${String(meta.namespace ? `${String(meta.namespace)}.` : '')}${String(meta.name)}` : 'singular');
    add('Column', n.column_name);
    add('Severity', config.severity);
    if (typeof n.attached_node === 'string') add('Tests', nodeLink(n.attached_node, n.attached_node.split('.').pop() ?? n.attached_node));
  }
  const last = d.lastResult;
  if (last) add('Last run', h('span', null, badge(String(last.status)), ` ${formatDuration(Number(last.execution_time ?? 0))}`, last.message ? h('span', { class: 'muted' }, ` · ${String(last.message)}`) : null));
  replace(
    content,
    h(
      'header',
      { class: 'page-head' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/docs' }, 'Docs'), ' / ', TYPE_LABELS[type] ?? type),
      h('h1', null, title, ' ', badge(type)),
      h('div', { class: 'page-meta' }, (((n.tags ?? (n.config as Json | undefined)?.tags) as string[] | undefined) ?? []).map((t) => h('span', { class: 'tag' }, t)), h('a', { href: `#/lineage?select=${encodeURIComponent(`+${String(n.name)}+`)}` }, 'Show in lineage')),
    ),
    h('section', { class: 'card' }, h('h2', null, 'Description'), md(n.description), type === 'source' && n.source_description ? md(n.source_description) : null, type === 'doc' ? md(n.block_contents) : null),
    facts.length ? h('section', { class: 'card' }, h('h2', null, 'Details'), h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]))) : null,
    columnsSection(d, catalogColumns),
    d.tests.length ? h('section', { class: 'card' }, h('h2', null, `Tests (${d.tests.length})`), testsTable(d.tests)) : null,
    d.parents.length || d.children.length
      ? h(
          'section',
          { class: 'card two-col' },
          h('div', null, h('h2', null, 'Depends on'), briefList(d.parents)),
          h('div', null, h('h2', null, 'Referenced by'), briefList(d.children)),
        )
      : null,
    codeSection(d),
    Object.keys(config).length ? h('details', { class: 'card' }, h('summary', null, h('h2', { class: 'inline' }, 'Config')), h('pre', { class: 'code' }, JSON.stringify(config, null, 2))) : null,
  );
}

function freshnessText(f: Json): string {
  const part = (x: unknown): string | null => {
    const t = x as { count?: number | null; period?: string | null } | null;
    return t && t.count ? `${t.count} ${t.period}${t.count === 1 ? '' : 's'}` : null;
  };
  const warn = part(f.warn_after);
  const error = part(f.error_after);
  return [warn ? `warn after ${warn}` : null, error ? `error after ${error}` : null].filter(Boolean).join(', ') || 'not checked';
}

function columnsSection(d: Detail, catalogColumns: Record<string, Json>): HTMLElement | null {
  const documented = (d.node.columns as Record<string, Json> | undefined) ?? {};
  const names = new Map<string, { name: string; doc?: Json; cat?: Json }>();
  for (const c of Object.values(catalogColumns).sort((a, b) => Number(a.index) - Number(b.index))) names.set(String(c.name).toLowerCase(), { name: String(c.name), cat: c });
  for (const c of Object.values(documented)) {
    const key = String(c.name).toLowerCase();
    const existing = names.get(key);
    if (existing) existing.doc = c;
    else names.set(key, { name: String(c.name), doc: c });
  }
  if (names.size === 0) return null;
  const id = String(d.node.unique_id);
  return h(
    'section',
    { class: 'card' },
    h('h2', null, `Columns (${names.size})`),
    h(
      'table',
      { class: 'data-table columns' },
      h('thead', null, h('tr', null, h('th', null, 'Column'), h('th', null, 'Type'), h('th', null, 'Description'), h('th', null, 'Tests'))),
      h(
        'tbody',
        null,
        [...names.values()].map((c) => {
          const tests = d.tests.filter((t) => t.column?.toLowerCase() === c.name.toLowerCase());
          return h(
            'tr',
            { 'data-column': c.name },
            h('td', null, h('a', { href: `#/docs/${encodeURIComponent(id)}/columns/${encodeURIComponent(c.name)}` }, h('code', null, c.name))),
            h('td', null, h('span', { class: 'type' }, String(c.cat?.type ?? c.doc?.data_type ?? '–'))),
            h('td', null, md(c.doc?.description)),
            h('td', null, tests.map((t) => h('span', { title: t.name }, badge(t.test, t.status ?? 'none')))),
          );
        }),
      ),
    ),
  );
}

function testsTable(tests: TestInfo[]): HTMLElement {
  return h(
    'table',
    { class: 'data-table' },
    h('thead', null, h('tr', null, h('th', null, 'Test'), h('th', null, 'Column'), h('th', null, 'Last result'), h('th', { class: 'num' }, 'Failures'))),
    h(
      'tbody',
      null,
      tests.map((t) =>
        h(
          'tr',
          null,
          h('td', null, nodeLink(t.id, t.test), h('div', { class: 'muted small' }, t.name)),
          h('td', null, t.column ? h('code', null, t.column) : '–'),
          h('td', null, t.status ? badge(t.status) : h('span', { class: 'muted' }, 'not run'), t.message && t.status !== 'pass' ? h('div', { class: 'muted small' }, t.message) : null),
          h('td', { class: 'num' }, t.failures === null ? '–' : String(t.failures)),
        ),
      ),
    ),
  );
}

function briefList(items: Brief[]): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, 'None');
  return h('ul', { class: 'plain' }, items.map((b) => h('li', null, badge(b.type), ' ', nodeLink(b.id, String(b.name)))));
}

function codeSection(d: Detail): HTMLElement | null {
  const tabs: [string, string][] = [];
  if (d.rawCode) tabs.push(['Source', d.rawCode]);
  if (d.compiledCode) tabs.push(['Compiled', d.compiledCode]);
  if (tabs.length === 0) return null;
  const pre = h('pre', { class: 'code' }, tabs[0]![1]);
  const buttons = tabs.map(([label, code], i) =>
    h(
      'button',
      {
        type: 'button',
        class: `tab${i === 0 ? ' active' : ''}`,
        onclick: (e: Event) => {
          pre.textContent = code;
          for (const b of buttons) b.classList.remove('active');
          (e.currentTarget as HTMLElement).classList.add('active');
        },
      },
      label,
    ),
  );
  const copy = h('button', { type: 'button', class: 'button small', onclick: () => void navigator.clipboard?.writeText(pre.textContent ?? '') }, 'Copy');
  return h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, 'Code'), h('div', { class: 'tabs' }, buttons), copy), pre);
}

function columnPage(content: HTMLElement, d: Detail, column: string): void {
  const documented = Object.values((d.node.columns as Record<string, Json> | undefined) ?? {}).find((c) => String(c.name).toLowerCase() === column.toLowerCase());
  const cat = Object.values((d.catalog?.columns as Record<string, Json> | undefined) ?? {}).find((c) => String(c.name).toLowerCase() === column.toLowerCase());
  const tests = d.tests.filter((t) => t.column?.toLowerCase() === column.toLowerCase());
  const id = String(d.node.unique_id);
  replace(
    content,
    h(
      'header',
      { class: 'page-head' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/docs' }, 'Docs'), ' / ', nodeLink(id, String(d.node.name)), ' / columns'),
      h('h1', null, column, ' ', badge('column')),
    ),
    h('section', { class: 'card' }, h('h2', null, 'Description'), md(documented?.description)),
    h(
      'section',
      { class: 'card' },
      h('h2', null, 'Details'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Type'),
        h('dd', null, String(cat?.type ?? documented?.data_type ?? 'unknown (not in the catalog)')),
        h('dt', null, 'Position'),
        h('dd', null, cat ? String(cat.index) : '–'),
        h('dt', null, 'Of'),
        h('dd', null, nodeLink(id, String(d.node.name))),
      ),
    ),
    tests.length ? h('section', { class: 'card' }, h('h2', null, 'Tests'), testsTable(tests)) : h('section', { class: 'card' }, h('h2', null, 'Tests'), h('p', { class: 'muted' }, 'No tests on this column.')),
  );
}

/** Shown in the header: when the docs were last generated. */
export function generatedLabel(at: string | null): string {
  return at ? `generated ${formatTime(at)}` : '';
}
