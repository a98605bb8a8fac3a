// Hash routes (#/docs/model.x): unique_ids contain dots, and hash routes need nothing from the server.

/** The current location, split into path segments and a query. */
export interface Route {
  /** First segment: dashboards, docs, lineage, runs, search, sql. */
  page: string;
  /** Remaining segments, decoded. */
  params: string[];
  query: URLSearchParams;
}

/** Reads the current hash as a route. */
export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { page: parts[0] ?? '', params: parts.slice(1), query: new URLSearchParams(search) };
}

/** Goes to a route (pushes history). */
export function navigate(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

/** Updates the query of the current route without reloading the page (for shareable filter state). */
export function setQuery(values: Record<string, string>): void {
  const hash = location.hash.replace(/^#/, '');
  const [path = ''] = hash.split('?');
  const q = new URLSearchParams(values).toString();
  history.replaceState(history.state, '', `#${path}${q ? `?${q}` : ''}`);
}
