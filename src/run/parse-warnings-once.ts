// The warnings met while reading a project are reported once per invocation, as dbt parses the
// project once per command. `retry` opens the project twice (to read what failed, then to run
// it as the previous command, possibly handing over to docs generate, clone or run-operation),
// and without this would print each warning, and count each deprecation, a second time.
import type { Diagnostic } from '../core/diagnostic.js';
import type { Logger } from './logger.js';

// Reported keys by invocation id; the oldest invocations are forgotten, as a long-lived server
// runs many commands.
const reported = new Map<string, Set<string>>();
const REMEMBERED_INVOCATIONS = 32;

const keyOf = (d: Diagnostic): string =>
  JSON.stringify([d.code, d.severity, d.message, d.location?.file ?? '', d.location?.line ?? 0, d.location?.column ?? 0, d.hint ?? '']);

/**
 * A reporter for one opening of the project: it logs the diagnostics given to it, leaving out those
 * an earlier opening in the same invocation already logged. Repeats within one opening are kept,
 * as dbt prints each occurrence.
 */
export function projectDiagnosticReporter(logger: Logger, invocationId: string): (diagnostics: Iterable<Diagnostic>) => void {
  let seen = reported.get(invocationId);
  if (!seen) {
    if (reported.size >= REMEMBERED_INVOCATIONS) reported.delete(reported.keys().next().value as string);
    reported.set(invocationId, (seen = new Set()));
  }
  const all = seen;
  const earlier = new Set(all);
  return (diagnostics) => {
    for (const d of diagnostics) {
      const key = keyOf(d);
      if (earlier.has(key)) continue;
      all.add(key);
      logger.diagnostic(d);
    }
  };
}
