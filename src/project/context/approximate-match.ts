// dbt looks an existing relation up by its exact name (DuckDB's quote policy quotes every part):
// one whose name differs only in letter case is an approximate match, which dbt refuses to
// guess about rather than use or replace. DuckDB itself treats the two names as one relation.
import { userError, type ReelhouseError } from '../../core/diagnostic.js';

/** A relation's three names (the database may be left to the adapter's default). */
export interface RelationNames {
  database?: string | undefined;
  schema: string;
  identifier: string;
}

/** The sentence dbt's ApproximateMatchError opens with. */
export const APPROXIMATE_MATCH = 'When searching for a relation, dbt found an approximate match.';

/** The project's `quoting:` of each part (false: the part is not quoted). */
export type PartQuoting = Partial<Record<'database' | 'schema' | 'identifier', boolean>>;

/**
 * dbt's ApproximateMatchError when `found` answers the lookup of `wanted` only case-insensitively;
 * undefined on an exact match. As dbt's get_relation, a part `quoting` turns off is searched for
 * in lower case, so a relation spelled so is an exact match. So is one spelled as the lookup
 * writes it, as dbt matches the relations it built (which DuckDB names as written) by lower case.
 */
export function approximateMatchError(wanted: RelationNames, found: Required<RelationNames>, quote: (name: string) => string, quoting: PartQuoting = {}): ReelhouseError | undefined {
  const searched = (part: keyof PartQuoting, name: string): string => (quoting[part] === false ? name.toLowerCase() : name);
  const database = wanted.database === undefined ? found.database : searched('database', wanted.database);
  const schema = searched('schema', wanted.schema);
  const identifier = searched('identifier', wanted.identifier);
  const same = (part: keyof PartQuoting, asSearched: string, asWritten: string | undefined): boolean => found[part] === asSearched || (quoting[part] === false && found[part] === asWritten);
  if (same('database', database, wanted.database) && same('schema', schema, wanted.schema) && same('identifier', identifier, wanted.identifier)) return undefined;
  const render = (db: string, schemaName: string, identifierName: string): string => [db, schemaName, identifierName].map(quote).join('.');
  const target = render(database, schema, identifier);
  const relation = render(found.database, found.schema, found.identifier);
  return userError('compiler-error', `${APPROXIMATE_MATCH} Instead of guessing \nwhich relation to use, dbt will move on. Please delete ${relation}, or rename it to be less ambiguous.\nSearched for: ${target}\nFound: ${relation}`);
}
