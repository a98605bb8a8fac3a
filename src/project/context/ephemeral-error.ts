// A compile error raised while rendering an ephemeral model a node inlines. dbt reports the
// node as skipped because of it ("caused by compilation error in referenced ephemeral model"),
// not as failing itself, so the error keeps which ephemeral model it came from.
import { ReelhouseError } from '../../core/diagnostic.js';

/** The ephemeral model's own compile error (same diagnostic), marked with that model's unique_id. */
export class EphemeralCompileError extends ReelhouseError {
  constructor(
    readonly ephemeralId: string,
    readonly original: ReelhouseError,
  ) {
    super(original.diagnostic, { cause: original });
    this.name = 'EphemeralCompileError';
  }
}
