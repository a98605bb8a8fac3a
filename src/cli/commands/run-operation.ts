import { isReelhouseError, userError } from '../../core/diagnostic.js';
import { makeLogger, sessionFor, type CliIo } from '../cli-context.js';
import { parseVars, type ProjectFlags } from '../global-options.js';
import { join } from 'node:path';
import { closestMatch } from '../../core/did-you-mean.js';
import { writeRunResults } from '../../run/artifacts/index.js';
import type { ProjectSession } from '../../run/project-session.js';

/** dbt run-operation: calls a macro with keyword arguments, in a transaction-free session. */
export async function runOperationCommand(macro: string, flags: ProjectFlags & { args?: string; writeJson?: boolean }, io: CliIo): Promise<number> {
  const logger = makeLogger(flags, io);
  let args: Record<string, unknown>;
  try {
    args = parseVars(flags.args);
  } catch {
    throw userError('args-invalid', `--args must be a YAML mapping, got: ${flags.args}`, undefined, "For example --args '{table: users, days: 7}'.");
  }
  const session = await sessionFor(flags, io, logger, 'run-operation', true, { MACRO: macro, ...(flags.args !== undefined ? { ARGS: flags.args } : {}) });
  try {
    const name = qualifiedMacroName(macro, Object.keys(session.manifest.macros), session.loaded.project.name);
    logger.debug(`Running macro ${name}`);
    if (!macroExists(name, Object.keys(session.manifest.macros))) {
      try {
        session.renderer.callMacro(name, [], args);
      } catch (error) {
        if (isReelhouseError(error) && error.diagnostic.code === 'macro-not-found') throw missingMacro(name, Object.keys(session.manifest.macros), session.loaded.project.name);
        throw error;
      }
      return 0;
    }
    const started = new Date();
    let failure: string | undefined;
    try {
      session.renderer.callMacro(name, [], args);
    } catch (error) {
      // dbt reports an error raised while the macro runs as a failed operation (exit code 1);
      // only a macro that does not exist at all ends the command as an unhandled error (2).
      if (!isReelhouseError(error)) throw error;
      logger.diagnostic(error.diagnostic);
      failure = error.diagnostic.message;
    }
    if (flags.writeJson ?? true) await writeOperationResult(session, macro, name, args, started, failure);
    return failure === undefined ? 0 : 1;
  } finally {
    await session.close();
  }
}

/** run_results.json for an operation, as dbt writes it: one result named by the macro's unique_id, which `retry` reruns. */
async function writeOperationResult(session: ProjectSession, macro: string, name: string, args: Record<string, unknown>, started: Date, failure: string | undefined): Promise<void> {
  const uniqueId = macroUniqueId(name, Object.keys(session.manifest.macros), session.loaded.project.name);
  const seconds = (Date.now() - started.getTime()) / 1000;
  await writeRunResults({
    results: [{
      unique_id: uniqueId, status: failure === undefined ? 'success' : 'error', message: failure ?? null, failures: failure === undefined ? 0 : 1,
      timing: [], thread_id: 'MainThread', execution_time: seconds, adapter_response: {}, compiled: null, compiled_code: null, relation_name: null, batch_results: null,
    }],
    elapsedSeconds: seconds, invocationId: session.invocationId, generatedAt: new Date(),
    args: { which: 'run-operation', macro, args },
  }, join(session.loaded.projectDir, session.loaded.project.targetPath));
}

/** The manifest id of the macro a run-operation name resolved to (root project first, then dbt's own). */
function macroUniqueId(name: string, macroIds: readonly string[], rootPackage: string): string {
  if (name.includes('.')) return `macro.${name}`;
  for (const pkg of [rootPackage, 'dbt']) if (macroIds.includes(`macro.${pkg}.${name}`)) return `macro.${pkg}.${name}`;
  return macroIds.find((id) => id.split('.').length === 3 && id.endsWith(`.${name}`)) ?? `macro.${rootPackage}.${name}`;
}

/**
 * dbt finds an unqualified macro in the root project first, then in the installed packages
 * (`dbt run-operation print_profile` runs dbt_profiler's), so a name only a package defines is
 * called through that package. Two packages defining it leave the choice to the user.
 */
export function qualifiedMacroName(macro: string, macroIds: readonly string[], rootPackage: string): string {
  if (macro.includes('.')) return macro;
  const owners = new Set<string>();
  for (const id of macroIds) {
    const parts = id.split('.');
    if (parts.length !== 3 || parts[0] !== 'macro' || parts[2] !== macro) continue;
    if (parts[1] === rootPackage || parts[1] === 'dbt') return macro;
    owners.add(parts[1]!);
  }
  if (owners.size > 1) {
    throw userError('macro-ambiguous', `Macro '${macro}' is defined in several packages: ${[...owners].sort().join(', ')}`, undefined,
      `Name the package, e.g. reelhouse run-operation ${[...owners].sort()[0]}.${macro}.`);
  }
  const [only] = owners;
  return only === undefined ? macro : `${only}.${macro}`;
}

/** dbt's error for a run-operation macro nothing defines, with the closest macro of the project or its packages. */
function missingMacro(name: string, macroIds: readonly string[], rootPackage: string): Error {
  const candidates = macroIds.map((id) => id.split('.')).filter((p) => p.length === 3 && p[1] !== 'dbt').map((p) => (p[1] === rootPackage || !name.includes('.') ? p[2]! : `${p[1]}.${p[2]}`));
  const guess = closestMatch(name, candidates);
  return userError(
    'macro-not-found',
    `Could not find a macro with the name '${name}' in any package${guess ? `: did you mean '${guess}'?` : '.'}`,
    undefined,
    'Check the spelling, that the macro file is under macro-paths (macros/ by default), and for a package macro that `reelhouse deps` has installed it.',
  );
}

/** Whether `name` (plain or `package.name`) is a macro of the manifest. */
function macroExists(name: string, macroIds: readonly string[]): boolean {
  if (name.includes('.')) return macroIds.includes(`macro.${name}`);
  return macroIds.some((id) => id.split('.').length === 3 && id.endsWith(`.${name}`));
}
