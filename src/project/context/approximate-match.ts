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

/** dbt's ApproximateMatchError when `found` answers the lookup of `wanted` only case-insensitively; undefined on an exact match. */
export function approximateMatchError(wanted: RelationNames, found: Required<RelationNames>, quote: (name: string) => string): ReelhouseError | undefined {
  const database = wanted.database ?? found.database;
  if (database === found.database && wanted.schema === found.schema && wanted.identifier === found.identifier) return undefined;
  const render = (db: string, schema: string, identifier: string): string => [db, schema, identifier].map(quote).join('.');
  const target = render(database, wanted.schema, wanted.identifier);
  const relation = render(found.database, found.schema, found.identifier);
  return userError('compiler-error', `${APPROXIMATE_MATCH} Instead of guessing \nwhich relation to use, dbt will move on. Please delete ${relation}, or rename it to be less ambiguous.\nSearched for: ${target}\nFound: ${relation}`);
}
