// Jinja's errors for a macro called with arguments it has no parameters for, worded as dbt
// shows them: dbt's template parser renames every `{% macro name %}` it reads to
// `dbt_macro__name`, and Jinja's TypeError quotes the macro by that name.
import { closestMatch } from '../core/did-you-mean.js';
import { pyError, type TemplateError } from './errors.js';

/** The name dbt's Jinja knows a macro by, the one its argument errors quote; a call block's body stays `caller`. */
export function dbtMacroName(name: string): string {
  return name === 'caller' ? name : `dbt_macro__${name}`;
}

/** Jinja's TypeError for more positional arguments than the macro has parameters, with its signature as the hint. */
export function tooManyMacroArguments(name: string, params: readonly string[], given?: number): TemplateError {
  const err = pyError('TypeError', `macro '${dbtMacroName(name)}' takes not more than ${params.length} argument(s)`);
  err.diagnostic.hint = `It is defined as ${name}(${params.join(', ')})${given === undefined ? '' : ` and was called with ${given}`}: drop the extra arguments or add parameters to the macro.`;
  return err;
}

/** Jinja's TypeError for a keyword argument that names none of the macro's parameters, with the closest one as the hint. */
export function unknownMacroKeyword(name: string, keyword: string, params: readonly string[]): TemplateError {
  const err = pyError('TypeError', `macro '${dbtMacroName(name)}' takes no keyword argument '${keyword}'`);
  const closest = closestMatch(keyword, [...params]);
  err.diagnostic.hint = `${closest ? `Did you mean '${closest}'? ` : ''}It is defined as ${name}(${params.join(', ')}).`;
  return err;
}
