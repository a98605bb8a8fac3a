// dbt's validate_macro_args behaviour flag (off by default in dbt 1.10): a macro's arguments read
// from its Jinja signature, and the documented arguments of its properties checked against them.
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { JinjaBlock } from './jinja-blocks.js';

/** One documented (or, under the flag, signature) argument of a macro, as manifest.json lists it. */
export interface MacroArgument {
  name: string;
  type: string | null;
  description: string;
}

/**
 * The parameter names of a macro or test block's signature, `{% macro f(a, b=1) %}` giving a and b;
 * a materialization declares none. Defaults may hold commas inside brackets or strings.
 */
export function signatureArguments(block: JinjaBlock): MacroArgument[] {
  if (block.kind === 'materialization') return [];
  const open = block.header.indexOf('(');
  if (open < 0) return [];
  const names: string[] = [];
  let depth = 0;
  let quote = '';
  let start = open + 1;
  const take = (end: number): void => {
    const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(block.header.slice(start, end))?.[1];
    if (name) names.push(name);
  };
  for (let i = open + 1; i < block.header.length; i++) {
    const c = block.header[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      take(i);
      start = i + 1;
    } else if (c === ')') {
      take(i);
      break;
    }
  }
  return names.map((name) => ({ name, type: null, description: '' }));
}

// The type names dbt accepts, with how many type parameters each takes in brackets.
const TYPE_PARAMETERS: Record<string, number> = {
  str: 0, string: 0, bool: 0, int: 0, integer: 0, float: 0, any: 0, list: 1, dict: 2, optional: 1, relation: 0, column: 0,
};

/** True when a documented argument type is written as dbt accepts: `string`, `list[int]`, `dict[str, optional[any]]`. */
export function isValidMacroArgumentType(text: string): boolean {
  const rest = matchType(text.replace(/[ \t]/g, ''));
  return rest === '';
}

// The text left after one type at the start of `text`, or undefined when none is there.
function matchType(text: string): string | undefined {
  const name = /^[a-z]+/.exec(text)?.[0];
  if (name === undefined || !(name in TYPE_PARAMETERS)) return undefined;
  const count = TYPE_PARAMETERS[name]!;
  let rest = text.slice(name.length);
  if (count === 0) return rest;
  if (!rest.startsWith('[')) return undefined;
  rest = rest.slice(1);
  for (let i = 0; i < count; i++) {
    const after = matchType(rest);
    if (after === undefined) return undefined;
    rest = after;
    if (i < count - 1) {
      if (!rest.startsWith(',')) return undefined;
      rest = rest.slice(1);
    }
  }
  return rest.startsWith(']') ? rest.slice(1) : undefined;
}

/**
 * dbt's InvalidMacroAnnotation warnings for a macro's documented arguments under validate_macro_args:
 * a name that differs from the signature's at its position, a different count, a type dbt cannot read.
 */
export function macroArgumentWarnings(macroName: string, signature: MacroArgument[], documented: MacroArgument[], location: SourceLocation): Diagnostic[] {
  const messages: string[] = [];
  for (let i = 0; i < Math.min(signature.length, documented.length); i++) {
    if (documented[i]!.name !== signature[i]!.name) messages.push(`Argument ${documented[i]!.name} in yaml for macro ${macroName} does not match the jinja definition.`);
  }
  if (documented.length !== signature.length) messages.push(`The number of arguments in the yaml for macro ${macroName} does not match the jinja definition.`);
  for (const arg of documented) {
    if (arg.type !== null && arg.type.trim() !== '' && !isValidMacroArgumentType(arg.type)) messages.push(`Argument ${arg.name} in the yaml for macro ${macroName} has an invalid type.`);
  }
  return messages.map((message) => ({
    code: 'macro-argument-annotation',
    severity: 'warning',
    message,
    location,
    hint: `Document the arguments of macro '${macroName}' by the names, in the order, its {% macro %} line gives them, with types such as string, list[int] or dict[str, any].`,
    event: { name: 'InvalidMacroAnnotation', data: { msg: message } },
  }));
}
