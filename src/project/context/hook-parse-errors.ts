// The errors rendering hooks raises while a project parses, as dbt's parse raises them.
import { isReelhouseError, userError, type ReelhouseError } from '../../core/diagnostic.js';
import type { CompiledNode } from '../types.js';

/**
 * The hook errors dbt's parse raises too, since it renders every hook with the parse context:
 * Jinja that does not compile, and an env_var() it cannot serve (unset with no default, or a
 * secret). Calls of undefined names and missing vars render as nothing while parsing.
 */
export function failsHookParse(error: unknown): boolean {
  return isReelhouseError(error) && ['jinja-syntax', 'env-var-missing', 'env-var-secret'].includes(error.diagnostic.code);
}

/** dbt's parse error for a seed whose hooks read other nodes: a seed has no parents. */
export function seedHookDependencyError(node: CompiledNode, hooks: readonly string[]): ReelhouseError {
  return userError(
    'parse-error',
    `Seeds cannot depend on other nodes. dbt detected a seed with a pre- or post-hook that calls 'ref', 'source', or 'metric', either directly or indirectly via other macros.\n` +
      `Error raised for '${node.unique_id}', which has these hooks defined:\n${hooks.map((h) => `- ${h}`).join('\n')}`,
    { file: node.origin.file },
    'Move the query that reads other nodes into a model, or into an on-run-end hook.',
  );
}
