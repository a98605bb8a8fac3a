// Renders descriptions as dbt does when it parses them: each description holding Jinja is
// rendered with doc() (the `{% docs %}` block's text), var(), env_var() and target, and the
// doc blocks it names with literal arguments are listed as its doc_blocks (dbt 1.10).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isReelhouseError, userError } from '../../core/diagnostic.js';
import type { ColumnDef, Manifest, NodeOrigin } from '../types.js';
import { hasJinja, renderText, type RenderContext } from './render-values.js';

/** A `{{ doc('name') }}` or `{{ doc('package', 'name') }}` expression standing on its own, with literal arguments only. */
const LITERAL_DOC_CALL = /\{\{-?\s*doc\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*-?\}\}/g;

/** Something with a description that may call doc(). */
interface Described {
  description: string;
  doc_blocks?: string[];
}

/**
 * Renders every description of the manifest and fills doc_blocks; a doc() naming no block
 * is `doc-not-found`, other Jinja errors `description-render`, both at the resource's file.
 */
export function resolveDocs(manifest: Manifest, rootPackage: string, contextFor: (pkg: string) => RenderContext = () => ({})): void {
  // dbt looks a doc up in the root project, then the resource's package, then any package.
  const lookup = (pkg: string, p: string | undefined, name: string) => {
    for (const c of p ? [p] : [rootPackage, pkg]) {
      const doc = manifest.docs[`doc.${c}.${name}`];
      if (doc) return doc;
    }
    if (!p) for (const doc of Object.values(manifest.docs)) if (doc.name === name) return doc;
    return undefined;
  };
  const contexts = new Map<string, RenderContext>();
  const render = (text: string, pkg: string, origin: NodeOrigin): string => {
    if (!hasJinja(text)) return text;
    let context = contexts.get(pkg);
    if (!context) {
      const doc = (a: unknown, b?: unknown): string => {
        if (typeof a !== 'string' || (b !== undefined && typeof b !== 'string')) {
          throw userError('doc-not-found', `Documentation not found: doc() was given ${describeArg(typeof a !== 'string' ? a : b)} instead of a docs block name (used in a description).`, origin,
            "Name the block in quotes, e.g. doc('orders_status'); a variable must be set before it is used.");
        }
        const [p, name] = b === undefined ? [undefined, a] : [a, b as string];
        const found = lookup(pkg, p, name);
        if (found) return found.block_contents;
        throw userError('doc-not-found', `Documentation for '${p ? `${p}.` : ''}${name}' not found (used in a description).`, docCallLocation(origin, name),
          `Add {% docs ${name || 'name'} %}...{% enddocs %} to a .md file in the docs paths, or fix the name in doc().`);
      };
      context = { ...contextFor(pkg), doc };
      contexts.set(pkg, context);
    }
    try {
      return renderText(text, context);
    } catch (error) {
      const inner = docNotFound(error);
      if (inner) throw userError('doc-not-found', inner.diagnostic.message, inner.diagnostic.location ?? origin, inner.diagnostic.hint);
      const message = isReelhouseError(error) ? error.diagnostic.message : error instanceof Error ? error.message : String(error);
      throw userError('description-render', `Could not render the description '${text}': ${message}`, textLocation(origin, text), 'Fix the Jinja in this description.', error);
    }
  };
  const blocks = (text: string, pkg: string): string[] => {
    if (!text.includes('doc(')) return [];
    const ids: string[] = [];
    for (const m of text.matchAll(LITERAL_DOC_CALL)) {
      const found = m[4] === undefined ? lookup(pkg, undefined, m[2]!) : lookup(pkg, m[2], m[4]);
      if (found) ids.push(found.unique_id);
    }
    return ids;
  };
  const describe = (item: Described, pkg: string, origin: NodeOrigin) => {
    item.doc_blocks = blocks(item.description, pkg);
    item.description = render(item.description, pkg, origin);
  };
  const columns = (cols: Record<string, ColumnDef>, pkg: string, origin: NodeOrigin) => {
    for (const name in cols) if (Object.hasOwn(cols, name)) describe(cols[name]!, pkg, origin);
  };
  // Keys, then each node: with tens of thousands of nodes the collection is a dictionary, where
  // Object.values costs several times as much as reading the keys and looking each one up.
  const nodeIds = Object.keys(manifest.nodes);
  for (let k = 0; k < nodeIds.length; k++) {
    const n = manifest.nodes[nodeIds[k]!]!;
    // A node's descriptions are written in its property file, not in its SQL.
    const described = propertiesOrigin(n.patch_path, n.origin);
    describe(n, n.package_name, described);
    columns(n.columns, n.package_name, described);
  }
  for (const s of Object.values(manifest.sources)) {
    describe(s, s.package_name, s.origin);
    s.source_description = render(s.source_description, s.package_name, s.origin);
    columns(s.columns, s.package_name, s.origin);
  }
  for (const e of Object.values(manifest.exposures)) e.description = render(e.description, e.package_name, e.origin);
  for (const m of Object.values(manifest.macros)) m.description = render(m.description, m.package_name, m.origin);
  for (const u of Object.values(manifest.unit_tests)) u.description = render(u.description, u.package_name, u.origin);
}

/** The property file a patch_path (`package://models/schema.yml`) names, in the package of `origin`. */
function propertiesOrigin(patchPath: string | null | undefined, origin: NodeOrigin): NodeOrigin {
  const rel = patchPath ? /^[^:]+:\/\/(.+)$/u.exec(patchPath)?.[1] : undefined;
  return rel ? { file: join(origin.root, rel), root: origin.root } : origin;
}

/** The line of `origin`'s file that calls doc() with `name`, or `origin` when none is found. */
function docCallLocation(origin: NodeOrigin, name: string): NodeOrigin {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const call = new RegExp(`doc\\(\\s*(?:['"][^'"]*['"]\\s*,\\s*)?['"]${escaped}['"]`, 'u');
  return lineWhere(origin, (line) => call.test(line));
}

/** The line of `origin`'s file where a description starts (its first line as written), or `origin`. */
function textLocation(origin: NodeOrigin, description: string): NodeOrigin {
  const first = description.trim().split('\n')[0]?.trim() ?? '';
  return first === '' ? origin : lineWhere(origin, (line) => line.includes(first));
}

/** `origin` at the first line of its file that `matches`; `origin` itself when the file has none (or cannot be read). */
function lineWhere(origin: NodeOrigin, matches: (line: string) => boolean): NodeOrigin {
  let text: string;
  try {
    text = readFileSync(origin.file, 'utf8');
  } catch {
    return origin;
  }
  const index = text.split('\n').findIndex(matches);
  return index < 0 ? origin : { ...origin, line: index + 1 };
}

/** How a doc() argument that is not a name reads in an error. */
function describeArg(value: unknown): string {
  return value === null ? 'None' : typeof value === 'object' || value === undefined ? 'an undefined value' : `${typeof value} ${String(value)}`;
}

/** The doc-not-found error a render failed with, even when the engine wrapped it. */
function docNotFound(error: unknown): ReturnType<typeof userError> | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isReelhouseError(e) && e.diagnostic.code === 'doc-not-found') return e;
  }
  return undefined;
}
