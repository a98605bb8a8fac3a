import { userError } from '../../core/diagnostic.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';

/** dbt run-operation: calls a macro with keyword arguments, in a transaction-free session. */
export async function runOperationCommand(macro: string, flags: ProjectFlags & { args?: string }, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  let args: Record<string, unknown>;
  try {
    args = parseVars(flags.args);
  } catch {
    throw userError('args-invalid', `--args must be a YAML mapping, got: ${flags.args}`, undefined, "For example --args '{table: users, days: 7}'.");
  }
  const session = await sessionFor(flags, io, logger, 'run-operation', true);
  try {
    logger.debug(`Running macro ${macro}`);
    session.renderer.callMacro(macro, [], args);
    return 0;
  } finally {
    await session.close();
  }
}
