// Search over every node, column, tag and description: the header box and the results page.
import { badge, emptyState, h, loading, replace } from '../dom.js';
import { docsIndex, search, TYPE_LABELS } from '../docs-index.js';
import { navigate, type Route } from '../router.js';

/** The search box in the header, with a dropdown of the best matches. */
export function searchBox(): HTMLElement {
  const input = h('input', { type: 'search', class: 'search-input', placeholder: 'Search models, columns, tags…  ( / )', 'aria-label': 'Search', autocomplete: 'off' });
  const list = h('div', { class: 'search-results', role: 'listbox', hidden: true });
  let active = -1;
  let hits: { id: string }[] = [];
  const close = (): void => {
    list.hidden = true;
    active = -1;
  };
  const show = async (): Promise<void> => {
    const q = input.value;
    if (q.trim() === '') return close();
    const index = await docsIndex();
    const found = search(index.entries, q, 8);
    hits = found.map((f) => ({ id: f.entry.id }));
    list.hidden = false;
    replace(
      list,
      found.length === 0 ? h('div', { class: 'search-empty' }, 'No matches') : null,
      found.map((f, i) =>
        h(
          'a',
          { class: `search-hit${i === active ? ' active' : ''}`, href: `#/docs/${encodeURIComponent(f.entry.id)}`, role: 'option', onclick: close },
          badge(f.entry.type),
          h('span', { class: 'hit-name' }, f.entry.name),
          f.matched ? h('span', { class: 'muted small' }, f.matched) : null,
        ),
      ),
      found.length ? h('a', { class: 'search-all', href: `#/search?q=${encodeURIComponent(q)}`, onclick: close }, `All results for “${q}” →`) : null,
    );
  };
  input.addEventListener('input', () => {
    active = -1;
    void show();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = Math.max(-1, Math.min(hits.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
      void show();
    } else if (e.key === 'Enter') {
      const pick = hits[active];
      navigate(pick ? `#/docs/${encodeURIComponent(pick.id)}` : `#/search?q=${encodeURIComponent(input.value)}`);
      close();
      input.blur();
    } else if (e.key === 'Escape') {
      close();
      input.blur();
    }
  });
  document.addEventListener('click', (e) => {
    if (!list.contains(e.target as Node) && e.target !== input) close();
  });
  window.addEventListener('hashchange', close);
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && document.activeElement?.tagName !== 'INPUT' && document.activeElement?.tagName !== 'TEXTAREA') {
      e.preventDefault();
      input.focus();
    }
  });
  return h('div', { class: 'search' }, input, list);
}

/** `#/search?q=`: every match, grouped by type. */
export async function searchPage(root: HTMLElement, route: Route): Promise<void> {
  replace(root, loading());
  const q = route.query.get('q') ?? '';
  const index = await docsIndex();
  const hits = search(index.entries, q, 500);
  replace(
    root,
    h('header', { class: 'page-head' }, h('h1', null, `Search: “${q}”`), h('p', { class: 'lead' }, `${hits.length} result${hits.length === 1 ? '' : 's'}`)),
    hits.length === 0
      ? emptyState('Nothing matches', 'Search looks at names, columns, tags, paths and descriptions.', '⌕')
      : h(
          'div',
          { class: 'card' },
          h(
            'ul',
            { class: 'result-list' },
            hits.map((hit) =>
              h(
                'li',
                null,
                h('a', { href: `#/docs/${encodeURIComponent(hit.entry.id)}` }, badge(hit.entry.type), ' ', h('strong', null, hit.entry.name)),
                h('span', { class: 'muted small' }, ` ${TYPE_LABELS[hit.entry.type] ? hit.entry.path : ''}${hit.matched ? ` · matched ${hit.matched}` : ''}`),
                hit.entry.description ? h('div', { class: 'muted' }, hit.entry.description.slice(0, 180)) : null,
              ),
            ),
          ),
        ),
  );
}
