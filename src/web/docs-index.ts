// The docs index (every node, for navigation and search) and the search itself.
import { getCached } from './api.js';

/** One indexed node, as the server's /docs/index lists it. */
export interface IndexEntry {
  id: string;
  name: string;
  type: string;
  package: string;
  path: string;
  folder: string;
  tags: string[];
  description: string;
  materialized: string | null;
  relation: string | null;
  columns: { name: string; description: string }[];
  status: string | null;
}

/** The index answer. */
export interface DocsIndex {
  project: string;
  generatedAt: string | null;
  catalogGeneratedAt: string | null;
  entries: IndexEntry[];
}

/** Loads the index once per page load. */
export function docsIndex(): Promise<DocsIndex> {
  return getCached<DocsIndex>('/docs/index');
}

/** A search hit: the entry, its score and what matched. */
export interface SearchHit {
  entry: IndexEntry;
  score: number;
  matched: string;
}

/** Ranks entries for a query: names first, then columns, tags, paths and descriptions. */
export function search(entries: IndexEntry[], query: string, limit = 50): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const terms = q.split(/\s+/);
  const hits: SearchHit[] = [];
  for (const entry of entries) {
    let score = 0;
    let matched = '';
    const name = entry.name.toLowerCase();
    for (const term of terms) {
      let s = 0;
      if (name === term) s = 100;
      else if (name.startsWith(term)) s = 60;
      else if (name.includes(term)) s = 40;
      else {
        const col = entry.columns.find((c) => c.name.toLowerCase().includes(term));
        if (col) {
          s = 25;
          matched ||= `column ${col.name}`;
        } else if (entry.tags.some((t) => t.toLowerCase() === term)) {
          s = 20;
          matched ||= `tag ${term}`;
        } else if (entry.path.toLowerCase().includes(term)) {
          s = 12;
          matched ||= entry.path;
        } else if (entry.description.toLowerCase().includes(term)) {
          s = 10;
          matched ||= 'description';
        } else if (entry.columns.some((c) => c.description.toLowerCase().includes(term))) {
          s = 6;
          matched ||= 'column description';
        }
      }
      if (s === 0) {
        score = 0;
        break;
      }
      score += s;
    }
    if (score === 0) continue;
    if (entry.type === 'test') score -= 15;
    hits.push({ entry, score, matched });
  }
  hits.sort((a, b) => b.score - a.score || a.entry.name.length - b.entry.name.length || a.entry.name.localeCompare(b.entry.name));
  return hits.slice(0, limit);
}

/** Human names of resource types, plural for navigation headings. */
export const TYPE_LABELS: Record<string, string> = {
  model: 'Models',
  source: 'Sources',
  seed: 'Seeds',
  snapshot: 'Snapshots',
  exposure: 'Exposures',
  test: 'Tests',
  unit_test: 'Unit tests',
  analysis: 'Analyses',
  macro: 'Macros',
  doc: 'Doc blocks',
  metric: 'Metrics',
  semantic_model: 'Semantic models',
  saved_query: 'Saved queries',
};

/** The order types appear in navigation. */
export const TYPE_ORDER = ['model', 'source', 'seed', 'snapshot', 'exposure', 'analysis', 'test', 'unit_test', 'metric', 'semantic_model', 'saved_query', 'macro', 'doc'];
