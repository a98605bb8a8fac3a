// The columns of one version of a versioned model, as dbt builds them: the model's columns that
// the version's include/exclude element lets through (all of them by default), followed by the
// version's own column entries, a later entry of a name replacing an earlier one in place.
import { userError } from '../../core/diagnostic.js';
import type { PropertyFile } from './yaml-entries.js';

/** The `columns:` list a version's node is patched with, with each item's line kept. */
export function versionColumns(pf: PropertyFile, modelColumns: unknown, versionColumnsValue: unknown, modelName: string, versionLine: number): unknown[] {
  const base = Array.isArray(modelColumns) ? modelColumns : [];
  if (!Array.isArray(versionColumnsValue)) return base;
  let include: '*' | string[] = '*';
  let exclude: string[] = [];
  let seenFilter = false;
  const own: { item: unknown; line: number }[] = [];
  versionColumnsValue.forEach((item, i) => {
    const line = pf.lines.itemLine(versionColumnsValue, i, versionLine);
    if (isFilter(item)) {
      if (seenFilter) throw userError('yaml-invalid-shape', `A version of model '${modelName}' can have at most one include/exclude element in columns:.`, { file: pf.file.abs, line });
      seenFilter = true;
      const rec = item as { include?: unknown; exclude?: unknown };
      include = rec.include === undefined || rec.include === '*' || rec.include === 'all' ? '*' : names(rec.include, pf, line, modelName);
      exclude = rec.exclude === undefined || rec.exclude === null ? [] : names(rec.exclude, pf, line, modelName);
      if (include !== '*' && exclude.length > 0) {
        throw userError('yaml-invalid-shape', "exclude can only be specified if include is one of 'all' or '*'", { file: pf.file.abs, line }, `Under the version of '${modelName}', list either the columns to include or, with include: all, those to exclude.`);
      }
      return;
    }
    own.push({ item, line });
  });
  const picked: { item: unknown; line: number }[] = [];
  base.forEach((item, i) => {
    const name = nameOf(item);
    const kept = name === undefined || ((include === '*' || include.includes(name)) && !exclude.includes(name));
    if (kept) picked.push({ item, line: pf.lines.itemLine(base, i, versionLine) });
  });
  // dbt fills the node's columns dict in this order: a name given again replaces the entry in place.
  const byName = new Map<string, number>();
  const out: { item: unknown; line: number }[] = [];
  for (const entry of [...picked, ...own]) {
    const name = nameOf(entry.item);
    const at = name === undefined ? undefined : byName.get(name.toLowerCase());
    if (at !== undefined) out[at] = entry;
    else {
      if (name !== undefined) byName.set(name.toLowerCase(), out.length);
      out.push(entry);
    }
  }
  const list = out.map((e) => e.item);
  pf.lines.setItems(list, out.map((e) => e.line));
  return list;
}

function isFilter(item: unknown): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const rec = item as Record<string, unknown>;
  return rec.name === undefined && (rec.include !== undefined || rec.exclude !== undefined);
}

function nameOf(item: unknown): string | undefined {
  const name = typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

function names(value: unknown, pf: PropertyFile, line: number, modelName: string): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw userError('yaml-invalid-shape', `include/exclude under a version of model '${modelName}' must be 'all', '*' or a list of column names.`, { file: pf.file.abs, line });
}
