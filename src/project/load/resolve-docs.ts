// Replaces `{{ doc('name') }}` / `{{ doc('package', 'name') }}` in descriptions with the
// `{% docs %}` block's text, as dbt does when it parses descriptions.
import { userError } from '../../core/diagnostic.js';
import type { ColumnDef, Manifest, NodeOrigin } from '../types.js';

const DOC_CALL = /\{\{-?\s*doc\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?\)\s*-?\}\}/g;

/** Resolves doc() calls in every description of the manifest; a missing block is `doc-not-found`. */
export function resolveDocs(manifest: Manifest, rootPackage: string): void {
  const find = (pkg: string, a: string, b: string | undefined, origin: NodeOrigin): string => {
    const [p, name] = b === undefined ? [undefined, a] : [a, b];
    const candidates = p ? [p] : [pkg, rootPackage];
    for (const c of candidates) {
      const doc = manifest.docs[`doc.${c}.${name}`];
      if (doc) return doc.block_contents;
    }
    if (!p) for (const doc of Object.values(manifest.docs)) if (doc.name === name) return doc.block_contents;
    throw userError('doc-not-found', `Documentation for '${p ? `${p}.` : ''}${name}' not found (used in a description).`, origin,
      `Add {% docs ${name} %}...{% enddocs %} to a .md file in the docs paths, or fix the name in doc().`);
  };
  const resolve = (text: string, pkg: string, origin: NodeOrigin): string =>
    text.includes('doc(') ? text.replace(DOC_CALL, (_m, _q, a: string, _q2, b: string | undefined) => find(pkg, a, b, origin)) : text;
  const columns = (cols: Record<string, ColumnDef>, pkg: string, origin: NodeOrigin) => {
    for (const c of Object.values(cols)) c.description = resolve(c.description, pkg, origin);
  };
  for (const n of Object.values(manifest.nodes)) {
    n.description = resolve(n.description, n.package_name, n.origin);
    columns(n.columns, n.package_name, n.origin);
  }
  for (const s of Object.values(manifest.sources)) {
    s.description = resolve(s.description, s.package_name, s.origin);
    s.source_description = resolve(s.source_description, s.package_name, s.origin);
    columns(s.columns, s.package_name, s.origin);
  }
  for (const e of Object.values(manifest.exposures)) e.description = resolve(e.description, e.package_name, e.origin);
  for (const m of Object.values(manifest.macros)) m.description = resolve(m.description, m.package_name, m.origin);
  for (const u of Object.values(manifest.unit_tests)) u.description = resolve(u.description, u.package_name, u.origin);
}
