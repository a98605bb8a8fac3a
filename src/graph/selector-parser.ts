// dbt's command-line selector grammar: `@`, `N+` and `+N` graph operators, `method.args:value`,
// commas for intersection, spaces (and repeated flags) for union.
import { userError, type SourceLocation } from '../core/diagnostic.js';
import type { IndirectSelection, SelectionCriterion, SelectionGroup } from './selection-spec.js';

/** Every selector method Reelhouse understands, as dbt names them. */
export const SELECTOR_METHODS: readonly string[] = [
  'access',
  'config',
  'exposure',
  'file',
  'fqn',
  'group',
  'metric',
  'package',
  'path',
  'resource_type',
  'result',
  'saved_query',
  'selector',
  'semantic_model',
  'source',
  'source_status',
  'state',
  'tag',
  'test_name',
  'test_type',
  'unit_test',
  'version',
];

const METHODS = new Set(SELECTOR_METHODS);
const INDIRECT_MODES = new Set(['eager', 'cautious', 'buildable', 'empty']);

// Same shape as dbt's pattern: optional `@`, optional `N+`, optional `method:`, the value
// (non-greedy), optional `+N`.
const RAW_SELECTOR = /^(@)?(?:(\d*)\+)?(?:([\w.]+):)?(.*?)(?:\+(\d*))?$/s;

/** Parses one selector such as `+tag:nightly` or `@stg_users`. */
export function parseCriterion(raw: string, indirectSelection?: IndirectSelection): SelectionCriterion {
  const match = RAW_SELECTOR.exec(raw);
  if (!match) throw userError('selector-invalid', `Invalid selector spec '${raw}'.`);
  const [, at, parentsDepth, rawMethod, value = '', childrenDepth] = match;
  const childrensParents = at !== undefined;
  const parents = parentsDepth !== undefined;
  const children = childrenDepth !== undefined;
  if (childrensParents && children) {
    throw userError('selector-invalid', `Invalid selector spec '${raw}': the "@" prefix and the "+" suffix cannot be combined.`);
  }
  const { method, methodArgs } = rawMethod === undefined ? { method: defaultMethod(value), methodArgs: [] } : splitMethod(rawMethod, raw);
  const criterion: SelectionCriterion = {
    kind: 'criterion',
    raw,
    method,
    methodArgs,
    value,
    childrensParents,
    parents,
    children,
  };
  if (parentsDepth) criterion.parentsDepth = Number(parentsDepth);
  if (childrenDepth) criterion.childrenDepth = Number(childrenDepth);
  if (indirectSelection) criterion.indirectSelection = indirectSelection;
  return criterion;
}

/** Parses `--select`/`--exclude` values: the union of space-separated selectors, each an intersection of comma-separated parts. */
export function parseSelectionArgs(values: readonly string[], indirectSelection?: IndirectSelection): SelectionGroup {
  const union: SelectionGroup = { kind: 'union', components: [], expectExists: false, raw: values.join(' ') };
  for (const value of values) {
    for (const raw of value.split(/\s+/)) {
      if (raw === '') continue;
      const parts = raw.split(',').filter((p) => p !== '');
      union.components.push({
        kind: 'intersection',
        components: parts.map((part) => parseCriterion(part, indirectSelection)),
        expectExists: true,
        raw,
      });
    }
  }
  return union;
}

/** Validates an indirect selection mode name. */
export function parseIndirectSelection(value: unknown, where: string): IndirectSelection {
  if (typeof value === 'string' && INDIRECT_MODES.has(value)) return value as IndirectSelection;
  throw userError(
    'selector-invalid',
    `Invalid indirect_selection '${String(value)}' in ${where}.`,
    undefined,
    'Use one of: eager, cautious, buildable, empty.',
  );
}

/** Splits `config.meta.owner` into the method and its arguments, rejecting unknown methods. */
export function splitMethod(rawMethod: string, raw: string, definedIn?: { selector: string; location: SourceLocation }): { method: string; methodArgs: string[] } {
  const [method = '', ...methodArgs] = rawMethod.split('.');
  if (!METHODS.has(method)) {
    throw userError(
      'selector-invalid',
      definedIn
        ? `'${method}' is not a valid method name (in '${raw}' of selector '${definedIn.selector}').`
        : `'${method}' is not a valid method name (in selector '${raw}').`,
      definedIn?.location,
      `Valid methods are: ${SELECTOR_METHODS.join(', ')}.`,
    );
  }
  return { method, methodArgs };
}

/** dbt's method for a selector written without one: a path when it has a slash, a file when it ends in a file extension, else fqn. */
export function defaultMethod(value: string): string {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}
