// Host functions receive a template call's keyword arguments as a trailing Kwargs object;
// these helpers read Python-style (positional or keyword) parameters from such a call.
import { Kwargs, isUndefined, tooManyMacroArguments, unknownMacroKeyword } from '../../templating/index.js';

/** A call's positional arguments and keyword arguments, separated. */
export interface CallArgs {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** Splits a host function's arguments into positional ones and keyword ones. */
export function splitArgs(raw: readonly unknown[]): CallArgs {
  const last = raw[raw.length - 1];
  if (last instanceof Kwargs) return { args: raw.slice(0, -1), kwargs: { ...last.values } };
  return { args: [...raw], kwargs: {} };
}

/**
 * Binds a call's arguments to named parameters the way Python does: positional first,
 * then keywords; a missing parameter is undefined.
 */
export function bindParams(raw: readonly unknown[], names: readonly string[]): Record<string, unknown> {
  const { args, kwargs } = splitArgs(raw);
  const out: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (i < args.length) out[name] = args[i];
    else if (name in kwargs) out[name] = kwargs[name];
  });
  return out;
}

/**
 * Binds a call to one of dbt's macros that Reelhouse implements in code (run_query,
 * is_incremental): as Jinja binds a macro call, an argument with no parameter to take it is a
 * TypeError naming the macro as dbt does, not an argument quietly dropped.
 */
export function bindMacroParams(raw: readonly unknown[], macro: string, names: readonly string[]): Record<string, unknown> {
  const { args, kwargs } = splitArgs(raw);
  if (args.length > names.length) throw tooManyMacroArguments(macro, names, args.length);
  // a keyword for a parameter already given positionally is refused too, as Jinja refuses it
  for (const key of Object.keys(kwargs)) if (names.indexOf(key) < args.length) throw unknownMacroKeyword(macro, key, names);
  return bindParams(raw, names);
}

/** True for Python's None as templates hand it to host code (null or undefined or the engine's Undefined). */
export function isNone(value: unknown): value is null | undefined {
  return value === null || value === undefined || isUndefined(value);
}
