// The relations adapter methods deal in: the one a macro passed (a Relation or a mapping of
// its parts) and the ones the warehouse lists, which carry their type.
import { userError } from '../../core/diagnostic.js';
import { pyStr } from '../../templating/index.js';
import { isNone } from './py-args.js';
import { Relation } from './relation.js';
import type { PartPolicy } from './relation.js';

/** The relation an adapter method was given: a Relation, or a mapping with its parts (dbt accepts both). */
export function asRelation(quotePolicy: PartPolicy, value: unknown): Relation {
  if (value instanceof Relation) return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return new Relation({
      database: isNone(v['database']) ? null : String(v['database']),
      schema: isNone(v['schema']) ? null : String(v['schema']),
      identifier: isNone(v['identifier']) ? (isNone(v['name']) ? null : String(v['name'])) : String(v['identifier']),
      type: isNone(v['type']) ? null : String(v['type']),
      quotePolicy,
      includePolicy: { database: true, schema: true, identifier: true },
    });
  }
  throw userError('compiler-error', `Expected a relation, got ${pyStr(value)}`);
}

/** A relation the warehouse listed, as dbt's adapter returns it (an external table is a table). */
export function relationOf(quotePolicy: PartPolicy, info: { database: string; schema: string; identifier: string; type: string }): Relation {
  return new Relation({
    database: info.database,
    schema: info.schema,
    identifier: info.identifier,
    type: info.type === 'external' ? 'table' : info.type,
    quotePolicy,
    includePolicy: { database: true, schema: true, identifier: true },
  });
}
