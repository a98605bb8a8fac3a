/** Which moment of a run a health-check ping reports (healthchecks.io conventions). */
export type PingKind = 'start' | 'success' | 'fail';

/** The URL healthchecks.io expects: `<url>/start`, `<url>`, `<url>/fail`; `rid` ties start and end together. */
export function healthCheckUrl(base: string, kind: PingKind, runId?: string): string {
  const root = base.replace(/\/+$/, '');
  const url = new URL(kind === 'success' ? root : `${root}/${kind}`);
  if (runId) url.searchParams.set('rid', runId);
  return url.toString();
}

/** What a ping did; pings never throw, a monitoring outage must not fail the pipeline. */
export interface PingOutcome {
  ok: boolean;
  status?: number;
  error?: string;
}

/**
 * Pings a health check with a POST whose body is a short log (healthchecks.io shows it),
 * retrying twice on network errors and 5xx answers.
 */
export async function pingHealthCheck(
  base: string,
  kind: PingKind,
  options: { runId?: string; body?: string; timeoutMs?: number; attempts?: number } = {},
): Promise<PingOutcome> {
  const attempts = options.attempts ?? 3;
  let last: PingOutcome = { ok: false, error: 'not sent' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(healthCheckUrl(base, kind, options.runId), {
        method: 'POST',
        body: (options.body ?? '').slice(-100_000),
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      last = { ok: res.ok, status: res.status };
      if (res.status < 500) return last;
    } catch (error) {
      last = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, 500 * attempt));
  }
  return last;
}
