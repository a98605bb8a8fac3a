// The lineage graph page: selection (`+node+`), filters by type, tag and folder, zoom and pan.
import { getCached } from '../api.js';
import { badge, emptyState, h, loading, replace } from '../dom.js';
import { CanvasView } from '../lineage/canvas-view.js';
import { layoutInWorker } from '../lineage/layout-client.js';
import { adjacency, selectLineage, type LineageNode } from '../lineage/select.js';
import { navigate, setQuery, type Route } from '../router.js';

interface LineageData {
  nodes: LineageNode[];
  edges: [string, string][];
}

const TYPES = ['source', 'seed', 'model', 'snapshot', 'exposure'];

/** Test and automation hook: the graph as drawn, and where each node is on screen. */
interface LineageHook {
  nodes: string[];
  edges: [string, string][];
  positionOf(id: string): { x: number; y: number } | undefined;
  /** Time dagre took in the worker (0 when the layout came from a cache), and where it came from. */
  layoutMs: number;
  layoutSource: string;
  /** performance.now() when the graph was handed to the canvas (time from navigation start). */
  readyAt: number;
  /** Canvas frames painted so far and the last frame's time. */
  paintStats(): { paints: number; lastPaintMs: number; totalPaintMs: number };
}
declare global {
  interface Window {
    __reelhouseLineage?: LineageHook;
  }
}

/** `#/lineage?select=+name+`: the whole project or a neighbourhood. */
export async function lineagePage(root: HTMLElement, route: Route): Promise<() => void> {
  replace(root, loading());
  const data = await getCached<LineageData>('/lineage');
  if (data.nodes.length === 0) {
    replace(root, emptyState('No lineage yet', 'Run reelhouse build or reelhouse parse to write target/manifest.json.', '⇶'));
    return () => undefined;
  }
  const adj = adjacency(data.nodes, data.edges);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const tags = [...new Set(data.nodes.flatMap((n) => n.tags))].sort();
  const folders = [...new Set(data.nodes.map((n) => n.folder).filter(Boolean))].sort();
  const present = TYPES.filter((t) => data.nodes.some((n) => n.type === t));

  const selectInput = h('input', { type: 'search', class: 'select-input', placeholder: 'Select: +model+, tag:marts, path:staging', value: route.query.get('select') ?? '', 'aria-label': 'Selection' });
  const typeBoxes = present.map((t) => h('input', { type: 'checkbox', value: t, checked: !(route.query.get('hide') ?? '').split(',').includes(t) }));
  const tagSelect = h('select', { 'aria-label': 'Tag' }, h('option', { value: '' }, 'All tags'), tags.map((t) => h('option', { value: t, selected: route.query.get('tag') === t }, t)));
  const folderSelect = h('select', { 'aria-label': 'Folder' }, h('option', { value: '' }, 'All folders'), folders.map((f) => h('option', { value: f, selected: route.query.get('folder') === f }, f)));
  const info = h('aside', { class: 'lineage-info', hidden: true });
  const status = h('span', { class: 'muted small' });
  const stage = h('div', { class: 'lineage-stage' });
  const a11y = h('ul', { class: 'sr-only', 'aria-label': 'Nodes in the graph' });
  const view = new CanvasView(stage, {
    onSelect: (id) => selectNode(id),
    onOpen: (id) => navigate(`#/docs/${encodeURIComponent(id)}`),
  });

  const selectNode = (id: string | undefined): void => {
    if (!id) {
      view.select(undefined);
      info.hidden = true;
      return;
    }
    const n = byId.get(id)!;
    const lit = lineageOf(id, adj);
    view.select(id, lit);
    info.hidden = false;
    replace(
      info,
      h('div', { class: 'info-head' }, badge(n.type), h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onclick: () => selectNode(undefined) }, '×')),
      h('h3', null, n.name),
      h('div', { class: 'muted small' }, n.folder || n.package),
      n.tags.length ? h('div', null, n.tags.map((t) => h('span', { class: 'tag' }, t))) : null,
      h('div', { class: 'small' }, `${adj.parents.get(id)!.length} parents · ${adj.children.get(id)!.length} children`),
      h(
        'div',
        { class: 'info-actions' },
        h('a', { class: 'button primary', href: `#/docs/${encodeURIComponent(id)}`, 'data-open': id }, 'Open docs'),
        h('button', { type: 'button', class: 'button', onclick: () => apply(`+${n.name}+`) }, 'Focus +node+'),
      ),
    );
  };

  const apply = (selection?: string): void => {
    if (selection !== undefined) selectInput.value = selection;
    const hidden = new Set(typeBoxes.filter((b) => !b.checked).map((b) => b.value));
    const picked = selectLineage(selectInput.value, data.nodes, adj);
    const tag = tagSelect.value;
    const folder = folderSelect.value;
    const nodes = data.nodes.filter(
      (n) => !hidden.has(n.type) && (!picked || picked.has(n.id)) && (!tag || n.tags.includes(tag)) && (!folder || n.folder === folder || n.folder.startsWith(`${folder}/`)),
    );
    const keep = new Set(nodes.map((n) => n.id));
    const edges = data.edges.filter(([a, b]) => keep.has(a) && keep.has(b));
    const request = ++applied;
    stage.dataset.state = 'layout';
    status.textContent = `Laying out ${nodes.length} nodes…`;
    layoutInWorker(nodes.map((n) => n.id), edges).then(
      ({ layout, ms, source }) => {
        // A later filter change wins over a layout that finished late.
        if (request !== applied || destroyed) return;
        view.setGraph(nodes, edges, layout);
        status.textContent = `${nodes.length} of ${data.nodes.length} nodes · ${edges.length} edges`;
        replace(a11y, nodes.map((n) => h('li', { 'data-node': n.id }, h('a', { href: `#/docs/${encodeURIComponent(n.id)}` }, `${n.type} ${n.name}`))));
        window.__reelhouseLineage = { nodes: nodes.map((n) => n.id), edges, positionOf: (id) => view.clientPositionOf(id), layoutMs: ms, layoutSource: source, readyAt: performance.now(), paintStats: () => ({ ...view.stats }) };
        stage.dataset.nodes = String(nodes.length);
        stage.dataset.edges = String(edges.length);
        stage.dataset.state = 'ready';
        const only = picked && picked.size > 0 ? nodes.find((n) => selectInput.value.includes(n.name)) : undefined;
        if (only) selectNode(only.id);
        else selectNode(undefined);
      },
      (err: Error) => {
        if (request !== applied || destroyed) return;
        stage.dataset.state = 'error';
        status.textContent = `The layout failed: ${err.message}`;
      },
    );
    const q: Record<string, string> = {};
    if (selectInput.value.trim()) q.select = selectInput.value.trim();
    if (hidden.size) q.hide = [...hidden].join(',');
    if (tag) q.tag = tag;
    if (folder) q.folder = folder;
    setQuery(q);
    if (nodes.length === 0) stage.dataset.empty = 'true';
    else delete stage.dataset.empty;
  };
  let applied = 0;
  let destroyed = false;

  selectInput.addEventListener('change', () => apply());
  selectInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') apply();
  });
  for (const b of typeBoxes) b.addEventListener('change', () => apply());
  tagSelect.addEventListener('change', () => apply());
  folderSelect.addEventListener('change', () => apply());

  replace(
    root,
    h(
      'div',
      { class: 'lineage-page' },
      h(
        'div',
        { class: 'lineage-toolbar' },
        selectInput,
        h('div', { class: 'type-filters' }, typeBoxes.map((b) => h('label', { class: `check type-${b.value}` }, b, b.value))),
        tagSelect,
        folderSelect,
        h(
          'div',
          { class: 'zoom' },
          h('button', { type: 'button', class: 'icon-button', title: 'Zoom in', onclick: () => view.zoomBy(1.25) }, '+'),
          h('button', { type: 'button', class: 'icon-button', title: 'Zoom out', onclick: () => view.zoomBy(0.8) }, '−'),
          h('button', { type: 'button', class: 'button small', title: 'Fit the graph', onclick: () => view.fit() }, 'Fit'),
          h('button', { type: 'button', class: 'button small', onclick: () => { selectInput.value = ''; tagSelect.value = ''; folderSelect.value = ''; for (const b of typeBoxes) b.checked = true; apply(); } }, 'Reset'),
        ),
        status,
      ),
      h('div', { class: 'lineage-main' }, stage, info),
      a11y,
      h('p', { class: 'hint muted small' }, 'Scroll to zoom, drag to pan, click a node to trace its lineage, double-click to open it.'),
    ),
  );
  requestAnimationFrame(() => apply());
  const onTheme = (): void => view.readColors();
  window.addEventListener('themechange', onTheme);
  return () => {
    destroyed = true;
    window.removeEventListener('themechange', onTheme);
    view.destroy();
    delete window.__reelhouseLineage;
  };
}

/** A node with all its ancestors and descendants. */
function lineageOf(id: string, adj: ReturnType<typeof adjacency>): Set<string> {
  return new Set([...walkAll(id, adj.parents), ...walkAll(id, adj.children)]);
}

function walkAll(id: string, next: Map<string, string[]>): Set<string> {
  const out = new Set([id]);
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const n of next.get(cur) ?? []) if (!out.has(n)) {
      out.add(n);
      stack.push(n);
    }
  }
  return out;
}
