// The part of dbt's selection grammar the lineage view understands: `+name+`, `2+name`,
// `tag:x`, `path:folder`, `resource_type:model`, `package:p`, wildcards; space is union, comma intersection.

/** A node as the lineage view knows it. */
export interface LineageNode {
  id: string;
  name: string;
  type: string;
  package: string;
  folder: string;
  tags: string[];
  materialized: string | null;
  status: string | null;
}

/** Parent and child lists of the whole graph. */
export interface Adjacency {
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
}

/** Builds parent/child lists from edges. */
export function adjacency(nodes: LineageNode[], edges: [string, string][]): Adjacency {
  const parents = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const children = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const [a, b] of edges) {
    parents.get(b)?.push(a);
    children.get(a)?.push(b);
  }
  return { parents, children };
}

function walk(start: string[], next: Map<string, string[]>, depth: number): Set<string> {
  const seen = new Set<string>(start);
  let frontier = start;
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const out: string[] = [];
    for (const id of frontier) for (const n of next.get(id) ?? []) if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
    frontier = out;
  }
  return seen;
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

/** Node ids a selection picks; undefined for an empty selection (everything). */
export function selectLineage(text: string, nodes: LineageNode[], adj: Adjacency): Set<string> | undefined {
  const union = text.trim().split(/\s+/).filter(Boolean);
  if (union.length === 0) return undefined;
  const result = new Set<string>();
  for (const part of union) {
    let acc: Set<string> | undefined;
    for (const term of part.split(',')) {
      const picked = selectTerm(term, nodes, adj);
      acc = acc ? new Set([...acc].filter((x) => picked.has(x))) : picked;
    }
    for (const id of acc ?? []) result.add(id);
  }
  return result;
}

function selectTerm(term: string, nodes: LineageNode[], adj: Adjacency): Set<string> {
  const m = /^(@)?(\d*)(\+)?([^+]+?)(\+)?(\d*)$/.exec(term);
  if (!m) return new Set();
  const [, at, upN, up, body = '', down, downN] = m;
  const colon = body.indexOf(':');
  const method = colon > 0 ? body.slice(0, colon) : 'name';
  const value = colon > 0 ? body.slice(colon + 1) : body;
  const re = glob(value);
  const matches = nodes.filter((n) => {
    switch (method) {
      case 'tag':
        return n.tags.some((t) => re.test(t));
      case 'path':
      case 'folder':
        return n.folder.toLowerCase().startsWith(value.toLowerCase().replace(/\/$/, '')) || re.test(n.folder);
      case 'resource_type':
      case 'type':
        return re.test(n.type);
      case 'package':
        return re.test(n.package);
      case 'config.materialized':
        return n.materialized !== null && re.test(n.materialized);
      case 'source':
        return n.type === 'source' && (re.test(n.name) || re.test(n.name.split('.')[0] ?? ''));
      case 'exposure':
        return n.type === 'exposure' && re.test(n.name);
      default:
        return re.test(n.name) || re.test(n.id);
    }
  });
  const ids = matches.map((n) => n.id);
  const out = new Set(ids);
  if (at) {
    const desc = walk(ids, adj.children, Infinity);
    for (const d of desc) out.add(d);
    for (const a of walk([...desc], adj.parents, Infinity)) out.add(a);
    return out;
  }
  if (up) for (const a of walk(ids, adj.parents, upN ? Number(upN) : Infinity)) out.add(a);
  if (down) for (const d of walk(ids, adj.children, downN ? Number(downN) : Infinity)) out.add(d);
  return out;
}
