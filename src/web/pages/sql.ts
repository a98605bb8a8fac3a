// The read-only SQL explorer (only when the server runs with --sql-explorer).
import { postJson } from '../api.js';
import { emptyState, errorState, h, replace } from '../dom.js';
import { formatCell } from '../format.js';

interface Answer {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  truncated: boolean;
  elapsedMs: number;
}

/** `#/sql`: a query box and a result table. */
export function sqlPage(root: HTMLElement, enabled: boolean): void {
  if (!enabled) {
    replace(root, emptyState('The SQL explorer is off', 'Start the server with --sql-explorer to query the warehouse read-only.', '⌨'));
    return;
  }
  const box = h('textarea', { class: 'sql-box', rows: 8, spellcheck: 'false', 'aria-label': 'SQL' }, 'select * from information_schema.tables limit 50');
  const out = h('div', { class: 'sql-result' });
  const run = (): void => {
    replace(out, h('div', { class: 'muted' }, 'Running…'));
    postJson<Answer>('/sql', { sql: box.value })
      .then((a) =>
        replace(
          out,
          h('div', { class: 'muted small' }, `${a.rows.length}${a.truncated ? '+' : ''} rows · ${Math.round(a.elapsedMs)} ms`),
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'data-table' },
              h('thead', null, h('tr', null, a.columns.map((c) => h('th', { title: c.type }, c.name)))),
              h('tbody', null, a.rows.map((r) => h('tr', null, r.map((v, i) => h('td', null, formatCell(v, undefined, a.columns[i]?.type ?? '')))))),
            ),
          ),
        ),
      )
      .catch((e: Error) => replace(out, errorState('The query failed', e.message)));
  };
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) run();
  });
  replace(
    root,
    h('header', { class: 'page-head' }, h('h1', null, 'SQL explorer'), h('p', { class: 'lead' }, 'Read-only queries on the warehouse. Ctrl+Enter runs.')),
    h('div', { class: 'card' }, box, h('div', { class: 'row' }, h('button', { type: 'button', class: 'button primary', onclick: run }, 'Run query'))),
    out,
  );
}
