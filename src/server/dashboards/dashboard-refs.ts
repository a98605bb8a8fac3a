import type { Manifest } from '../../project/types.js';

const REF = /\bref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,\s*v(?:ersion)?\s*=\s*[^)]*)?\)/g;
const SOURCE = /\bsource\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/g;

/** The nodes a dashboard's SQL reads through ref() and source(), as unique_ids (its exposure's depends_on). */
export function dependenciesOf(sqlTexts: string[], manifest: Manifest): { ids: string[]; missing: string[] } {
  const ids = new Set<string>();
  const missing = new Set<string>();
  const root = manifest.metadata.project_name;
  const nodes = Object.values(manifest.nodes).filter((n) => ['model', 'seed', 'snapshot'].includes(n.resource_type));
  for (const sql of sqlTexts) {
    for (const m of sql.matchAll(REF)) {
      const [pkg, name] = m[2] === undefined ? [undefined, m[1]!] : [m[1]!, m[2]];
      const candidates = nodes.filter((n) => n.name === name && (pkg === undefined || n.package_name === pkg));
      const pick = candidates.find((n) => n.package_name === root) ?? candidates[0];
      if (pick) ids.add(pick.unique_id);
      else missing.add(`ref('${name}')`);
    }
    for (const m of sql.matchAll(SOURCE)) {
      const source = Object.values(manifest.sources).find((s) => s.source_name === m[1] && s.name === m[2]);
      if (source) ids.add(source.unique_id);
      else missing.add(`source('${m[1]}', '${m[2]}')`);
    }
  }
  return { ids: [...ids].sort(), missing: [...missing] };
}
