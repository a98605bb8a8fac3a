// A compile finishes tens of nodes within one millisecond, each timed with ISO texts: the text of
// the last millisecond formatted is reused, rather than formatting (and keeping) one per node.
let lastIsoMs = Number.NaN;
let lastIso = '';

/** `new Date(ms).toISOString()`, formatted once per millisecond. */
export function isoTime(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}
