// Source freshness as the web app shows it: the results of the last `source freshness` run
// (target/sources.json, dbt's sources v3 artifact) joined with the manifest's rules.

type Json = Record<string, unknown>;

/** One source's last freshness check. */
export interface SourceFreshness {
  uniqueId: string;
  /** `source_name.table`. */
  name: string;
  /** pass, warn, error or runtime error. */
  status: string;
  /** Newest value of the source's loaded_at_field when it was checked. */
  maxLoadedAt: string | null;
  /** When the check ran. */
  snapshottedAt: string | null;
  ageSeconds: number | null;
  /** The rules, e.g. "warn after 12 hours, error after 1 day". */
  criteria: string;
  error: string | null;
}

/** The last freshness run: when it ran and one entry per checked source (worst first). */
export interface FreshnessReport {
  generatedAt: string | null;
  sources: SourceFreshness[];
}

const RANK: Record<string, number> = { 'runtime error': 0, error: 1, warn: 2, pass: 3 };

/** Reads sources.json's results; an absent file gives an empty report. */
export function freshnessReport(sourcesJson: Json | undefined, manifest: Json | undefined): FreshnessReport {
  const results = (sourcesJson?.results as Json[] | undefined) ?? [];
  const sources = (manifest?.sources as Record<string, Json> | undefined) ?? {};
  const out = results.map((r): SourceFreshness => {
    const id = String(r.unique_id ?? '');
    const node = sources[id];
    const name = node ? `${String(node.source_name)}.${String(node.name)}` : id.split('.').slice(2).join('.');
    const age = r.max_loaded_at_time_ago_in_s;
    return {
      uniqueId: id,
      name,
      status: String(r.status ?? 'unknown'),
      maxLoadedAt: typeof r.max_loaded_at === 'string' ? r.max_loaded_at : null,
      snapshottedAt: typeof r.snapshotted_at === 'string' ? r.snapshotted_at : null,
      ageSeconds: typeof age === 'number' ? age : null,
      criteria: criteriaText((r.criteria as Json | undefined) ?? (node?.freshness as Json | undefined)),
      error: typeof r.error === 'string' ? r.error : null,
    };
  });
  out.sort((a, b) => (RANK[a.status] ?? 9) - (RANK[b.status] ?? 9) || a.name.localeCompare(b.name));
  return { generatedAt: ((sourcesJson?.metadata as Json | undefined)?.generated_at as string | undefined) ?? null, sources: out };
}

/** "warn after 12 hours, error after 1 day" from a dbt freshness rule. */
export function criteriaText(rule: Json | undefined): string {
  const part = (x: unknown): string | null => {
    const t = x as { count?: number | null; period?: string | null } | null | undefined;
    return t && t.count ? `${t.count} ${t.period}${t.count === 1 ? '' : 's'}` : null;
  };
  const warn = part(rule?.warn_after);
  const error = part(rule?.error_after);
  return [warn ? `warn after ${warn}` : null, error ? `error after ${error}` : null].filter(Boolean).join(', ') || 'not checked';
}
