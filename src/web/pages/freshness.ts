// Source freshness from the last `source freshness` run (target/sources.json): a table for the
// runs page and the facts of one source's docs page.
import { badge, emptyState, h } from '../dom.js';
import { formatAge, formatTime, timeAgo } from '../format.js';

/** One source's last check, as GET /freshness returns it. */
export interface SourceFreshness {
  uniqueId: string;
  name: string;
  status: string;
  maxLoadedAt: string | null;
  snapshottedAt: string | null;
  ageSeconds: number | null;
  criteria: string;
  error: string | null;
}

/** The last freshness run. */
export interface FreshnessReport {
  generatedAt: string | null;
  sources: SourceFreshness[];
}

/** The sources' freshness as a table (worst first), or a hint to run the check. */
export function freshnessTable(report: FreshnessReport): HTMLElement {
  if (report.sources.length === 0) {
    return emptyState('No freshness results yet', 'Run `reelhouse source freshness` (or a pipeline with a freshness step) to check the sources.', '◷');
  }
  return h(
    'div',
    null,
    h('p', { class: 'muted small' }, `Checked ${formatTime(report.generatedAt)} (${timeAgo(report.generatedAt)}).`),
    h(
      'table',
      { class: 'data-table freshness-table' },
      h('thead', null, h('tr', null, h('th', null, 'Source'), h('th', null, 'Status'), h('th', null, 'Newest loaded_at'), h('th', { class: 'num' }, 'Age'), h('th', null, 'Rules'))),
      h(
        'tbody',
        null,
        report.sources.map((s) =>
          h(
            'tr',
            { 'data-freshness': s.uniqueId, 'data-status': s.status },
            h('td', null, h('a', { href: `#/docs/${encodeURIComponent(s.uniqueId)}` }, s.name)),
            h('td', null, badge(s.status)),
            h('td', { class: 'loaded-at' }, s.maxLoadedAt ?? '–', s.error ? h('div', { class: 'muted small' }, s.error) : null),
            h('td', { class: 'num' }, formatAge(s.ageSeconds)),
            h('td', { class: 'muted small' }, s.criteria),
          ),
        ),
      ),
    ),
  );
}

/** The last check of one source, for its docs page. */
export function freshnessFacts(f: SourceFreshness): HTMLElement {
  return h(
    'span',
    { class: 'freshness-result', 'data-status': f.status },
    badge(f.status),
    ` newest loaded_at ${f.maxLoadedAt ?? '–'}`,
    f.ageSeconds !== null ? ` · ${formatAge(f.ageSeconds)} old` : null,
    f.snapshottedAt ? h('span', { class: 'muted' }, ` · checked ${formatTime(f.snapshottedAt)}`) : null,
    f.error ? h('div', { class: 'muted small' }, f.error) : null,
  );
}
