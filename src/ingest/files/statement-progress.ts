import type { Adapter } from '../../adapters/adapter.js';

/** How often a running statement's progress is read: often enough for a bar to move smoothly. */
const POLL_MS = 100;

/**
 * Runs `work` (statements on `session`) while reporting how far DuckDB has got with the one
 * running now, 0 to 100: a single multi-GB file otherwise shows no progress until it is done.
 * DuckDB tracks progress only with enable_progress_bar on, and prints its own bar unless told
 * not to; both are set for the session and reset afterwards. Without a reporter, or with an
 * adapter that cannot tell, `work` just runs.
 */
export async function withStatementProgress<T>(
  adapter: Adapter,
  session: string,
  report: ((percentage: number) => void) | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const read = adapter.queryProgress?.bind(adapter);
  if (report === undefined || read === undefined) return work();
  await adapter.execute('SET enable_progress_bar_print = false', { session });
  await adapter.execute('SET enable_progress_bar = true', { session });
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    read(session)
      .then((percentage) => {
        if (percentage !== undefined) report(percentage);
      })
      .catch(() => undefined)
      .finally(() => {
        polling = false;
      });
  }, POLL_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    // Settings are not transactional, so this works even in a transaction that failed.
    await adapter.execute('RESET enable_progress_bar', { session }).catch(() => undefined);
    await adapter.execute('RESET enable_progress_bar_print', { session }).catch(() => undefined);
  }
}
