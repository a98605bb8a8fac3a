// dbt 1.10's PropertyMovedToConfigDeprecation for sources: `freshness:` written as a top-level
// property of a source or of a source table (rather than under its `config:`) still works, and
// warns. dbt counts it once per file and name, and prints the first occurrence only.
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { LoadState } from './load-state.js';

/** The code --warn-error-options knows as PropertyMovedToConfigDeprecation. */
export const PROPERTY_MOVED_TO_CONFIG_CODE = 'property-moved-to-config';

// Per project load: the warning shown, its count, and the (file, name) pairs already counted.
const warned = new WeakMap<LoadState, { diagnostic: Diagnostic; seen: Set<string> }>();

/** Warns when `holder` (a source or source table entry, as written) has a top-level `freshness:`; `name` is the source's or the table's. */
export function warnTopLevelFreshness(state: LoadState, holder: Record<string, unknown>, name: string, fileRel: string, where: SourceLocation): void {
  if (!('freshness' in holder)) return;
  const key = `${fileRel}\u0000${name}`;
  const one: Diagnostic = {
    code: PROPERTY_MOVED_TO_CONFIG_CODE,
    severity: 'warning',
    message: `Found \`freshness\` as a top-level property of \`${name}\` in file \`${fileRel}\`. The \`freshness\` top-level property should be moved into the \`config\` of \`${name}\`.`,
    location: where,
    hint: 'Write freshness: under the config: of the source or table.',
    event: { data: { key: 'freshness', key_path: name, file: fileRel } },
  };
  const known = warned.get(state);
  if (known) {
    if (known.seen.has(key)) return;
    known.seen.add(key);
    known.diagnostic.occurrences = known.seen.size;
    known.diagnostic.each?.push(one);
    return;
  }
  const diagnostic: Diagnostic = { ...one, each: [one] };
  warned.set(state, { diagnostic, seen: new Set([key]) });
  state.diagnostics.push(diagnostic);
}
