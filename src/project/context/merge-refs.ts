// Merging what a render found (refs, sources) into what the node already lists, in first-seen order.
import type { RefCall } from '../types.js';

function refKey(r: RefCall): string {
  return `${r.package ?? ''}\u0000${r.name}\u0000${r.version ?? ''}`;
}

function sameRef(a: RefCall, b: RefCall): boolean {
  return a.name === b.name && (a.package ?? '') === (b.package ?? '') && `${a.version ?? ''}` === `${b.version ?? ''}`;
}

/** The node's refs with those a render found added, each ref once (package, name and version). */
export function mergeRefs(existing: RefCall[], found: RefCall[]): RefCall[] {
  // Nothing found (a node without refs, its hooks, its constraints): the list stays as it is.
  if (found.length === 0) return existing;
  // A node refs a handful of models: compared in place, without a key string per ref.
  if (existing.length + found.length <= 8) {
    const out = [...existing];
    for (const r of found) if (!out.some((o) => sameRef(o, r))) out.push(r);
    return out;
  }
  const seen = new Set(existing.map(refKey));
  const out = [...existing];
  for (const r of found) {
    if (seen.has(refKey(r))) continue;
    seen.add(refKey(r));
    out.push(r);
  }
  return out;
}

/**
 * The node's refs followed by every ref() call a parse render made, repeats included: dbt's
 * parse appends one entry per call (a model that joins a table to itself lists it twice).
 */
export function appendRefs(existing: RefCall[], found: RefCall[]): RefCall[] {
  if (found.length === 0) return existing;
  return existing.length === 0 ? found : [...existing, ...found];
}

/** The node's sources followed by every source() call a parse render made, repeats included. */
export function appendSources(existing: [string, string][], found: [string, string][]): [string, string][] {
  if (found.length === 0) return existing;
  return existing.length === 0 ? found : [...existing, ...found];
}

/** The node's sources with those a render found added, each once. */
export function mergeSources(existing: [string, string][], found: [string, string][]): [string, string][] {
  if (found.length === 0) return existing;
  const seen = new Set(existing.map((s) => s.join('\u0000')));
  const out = [...existing];
  for (const s of found) {
    const key = s.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

