// selectors.yml: named selection definitions in CLI-style strings, `method: value` pairs or full
// dictionaries with graph-operator keywords, combined with `union`, `intersection` and `exclude`.
import { userError } from '../core/diagnostic.js';
import { closestMatch } from '../core/did-you-mean.js';
import type { IndirectSelection, SelectionCriterion, SelectionExpr, SelectionGroup } from './selection-spec.js';
import { parseIndirectSelection, parseSelectionArgs, splitMethod } from './selector-parser.js';

/** One entry of selectors.yml. */
export interface SelectorDefinition {
  name: string;
  description?: string;
  default: boolean;
  definition: unknown;
}

/** Reads selectors.yml data (`{selectors: [...]}`, the list itself, or a name-keyed record) into definitions by name. */
export function readSelectorDefinitions(data: unknown): Map<string, SelectorDefinition> {
  const out = new Map<string, SelectorDefinition>();
  if (data === undefined || data === null) return out;
  let list: unknown[];
  if (Array.isArray(data)) list = data;
  else if (typeof data === 'object' && Array.isArray((data as { selectors?: unknown }).selectors)) {
    list = (data as { selectors: unknown[] }).selectors;
  } else if (typeof data === 'object') {
    list = Object.entries(data as Record<string, unknown>).map(([name, value]) =>
      typeof value === 'object' && value !== null && 'definition' in value ? { name, ...(value as object) } : { name, definition: value },
    );
  } else throw selectorsError('selectors.yml must hold a list named `selectors`.');
  let defaultName: string | undefined;
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) throw selectorsError('Each selector must be a mapping with `name` and `definition`.');
    const { name, description, definition } = entry as Record<string, unknown>;
    const isDefault = (entry as Record<string, unknown>).default;
    if (typeof name !== 'string' || name === '') throw selectorsError('Each selector needs a `name`.');
    if (definition === undefined) throw selectorsError(`Selector '${name}' has no \`definition\`.`);
    if (out.has(name)) throw selectorsError(`Found two selectors named '${name}'.`);
    const isDefaultFlag = isDefault === true || isDefault === 'true';
    if (isDefaultFlag) {
      if (defaultName !== undefined) throw selectorsError(`Found multiple selectors with \`default: true\`: '${defaultName}' and '${name}'.`);
      defaultName = name;
    }
    out.set(name, {
      name,
      ...(typeof description === 'string' ? { description } : {}),
      default: isDefaultFlag,
      definition,
    });
  }
  return out;
}

/** The name of the selector marked `default: true`, if any. */
export function defaultSelectorName(definitions: Map<string, SelectorDefinition>): string | undefined {
  for (const definition of definitions.values()) if (definition.default) return definition.name;
  return undefined;
}

/** Parses the named selector's definition into a selection expression (following `selector:` references). */
export function parseSelector(
  name: string,
  definitions: Map<string, SelectorDefinition>,
  indirectSelection: IndirectSelection = 'eager',
): SelectionExpr {
  return new DefinitionParser(definitions, indirectSelection).selector(name);
}

class DefinitionParser {
  private readonly stack: string[] = [];

  constructor(
    private readonly definitions: Map<string, SelectorDefinition>,
    private readonly indirect: IndirectSelection,
  ) {}

  selector(name: string): SelectionExpr {
    const found = this.definitions.get(name);
    if (!found) {
      const known = [...this.definitions.keys()];
      const closest = closestMatch(name, known);
      // dbt's words, its list written as Python prints one
      throw userError(
        'selector-not-found',
        `Could not find selector named ${name}, expected one of [${known.map((k) => `'${k}'`).join(', ')}]`,
        undefined,
        closest ? `Did you mean '${closest}'? Selectors are defined in selectors.yml.` : known.length > 0 ? 'Pass one of these names, or define the selector in selectors.yml.' : 'This project defines no selectors: add them to selectors.yml.',
      );
    }
    if (this.stack.includes(name)) throw selectorsError(`Selector '${name}' refers to itself: ${[...this.stack, name].join(' -> ')}.`);
    this.stack.push(name);
    try {
      return this.definition(found.definition, name);
    } finally {
      this.stack.pop();
    }
  }

  private definition(value: unknown, where: string): SelectionExpr {
    if (typeof value === 'string') {
      // CLI-style strings take set operators too: 'tag:a,tag:b' or 'a+ b+'.
      const union = parseSelectionArgs([value], this.indirect);
      for (const component of union.components) (component as SelectionGroup).expectExists = false;
      return union.components.length === 1 ? (union.components[0] as SelectionExpr) : union;
    }
    if (Array.isArray(value)) return this.setOperation('union', value, where);
    if (typeof value !== 'object' || value === null) {
      throw selectorsError(`Expected a string or a mapping in selector '${where}', found ${JSON.stringify(value)}.`);
    }
    const dict = value as Record<string, unknown>;
    const keys = Object.keys(dict);
    if ('union' in dict || 'intersection' in dict) {
      if (keys.length > 1) throw selectorsError(`Only a single 'union' or 'intersection' key is allowed in a selector definition; found ${keys.join(', ')} in '${where}'.`);
      const op = 'union' in dict ? 'union' : 'intersection';
      return this.setOperation(op, dict[op], where);
    }
    return this.dictionary(dict, where);
  }

  private setOperation(op: 'union' | 'intersection', list: unknown, where: string): SelectionExpr {
    if (!Array.isArray(list)) throw selectorsError(`'${op}' in selector '${where}' must be a list.`);
    const include: SelectionExpr[] = [];
    let exclude: SelectionExpr | undefined;
    for (const item of list) {
      if (typeof item === 'object' && item !== null && !Array.isArray(item) && 'exclude' in item && Object.keys(item).length === 1) {
        if (exclude) throw selectorsError(`Selector '${where}' gives more than one 'exclude' to the same '${op}'.`);
        exclude = this.exclusions((item as { exclude: unknown }).exclude, where);
      } else include.push(this.definition(item, where));
    }
    const group: SelectionGroup = { kind: op, components: include, expectExists: false };
    return exclude ? { kind: 'difference', components: [group, exclude], expectExists: false } : group;
  }

  private exclusions(value: unknown, where: string): SelectionExpr {
    const list = Array.isArray(value) ? value : [value];
    const parsed = list.map((item) => this.definition(item, where));
    return parsed.length === 1 ? (parsed[0] as SelectionExpr) : { kind: 'union', components: parsed, expectExists: false };
  }

  private dictionary(dict: Record<string, unknown>, where: string): SelectionExpr {
    const keys = Object.keys(dict);
    let fields: Record<string, unknown>;
    if (keys.length === 1 && keys[0] !== 'method') {
      const key = keys[0] as string;
      fields = { method: key, value: dict[key] };
    } else if ('method' in dict && 'value' in dict) {
      fields = dict;
    } else {
      throw selectorsError(`Expected either one key or 'method' and 'value' keys in selector '${where}', got ${keys.join(', ')}.`);
    }
    const method = String(fields.method);
    if (method === 'selector') {
      // A reference to another named selector, optionally with its own exclusions.
      const referenced = this.selector(String(fields.value));
      return 'exclude' in fields
        ? { kind: 'difference', components: [referenced, this.exclusions(fields.exclude, where)], expectExists: false }
        : referenced;
    }
    const raw = `${method}:${String(fields.value)}`;
    const { method: name, methodArgs } = splitMethod(method, raw, { selector: where, location: { file: 'selectors.yml' } });
    const criterion: SelectionCriterion = {
      kind: 'criterion',
      raw,
      method: name,
      methodArgs,
      value: stringValue(fields.value, where),
      childrensParents: truthy(fields.childrens_parents),
      parents: truthy(fields.parents),
      children: truthy(fields.children),
    };
    const parentsDepth = depth(fields.parents_depth, where);
    const childrenDepth = depth(fields.children_depth, where);
    if (parentsDepth !== undefined) criterion.parentsDepth = parentsDepth;
    if (childrenDepth !== undefined) criterion.childrenDepth = childrenDepth;
    if (criterion.childrensParents && criterion.children) {
      throw selectorsError(`Selector '${where}': 'childrens_parents' and 'children' cannot be combined.`);
    }
    criterion.indirectSelection =
      fields.indirect_selection !== undefined && fields.indirect_selection !== null
        ? parseIndirectSelection(fields.indirect_selection, `selector '${where}'`)
        : this.indirect;
    if ('exclude' in fields) {
      return { kind: 'difference', components: [criterion, this.exclusions(fields.exclude, where)], expectExists: false };
    }
    return criterion;
  }
}

function stringValue(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw selectorsError(`Selector '${where}' has a 'value' that is not a string: ${JSON.stringify(value)}.`);
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 'yes';
}

function depth(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw selectorsError(`Selector '${where}' has an invalid depth: ${JSON.stringify(value)}.`);
  return n;
}

function selectorsError(message: string) {
  return userError('selector-invalid', message, { file: 'selectors.yml' });
}
