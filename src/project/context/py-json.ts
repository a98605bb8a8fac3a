// Python's json.loads (dbt's fromjson), which JSON.parse does not match: `1.0` is a float and
// prints as 1.0, an integer past 2**53 is exact, NaN and Infinity are read, and an object keeps
// its key order even for keys like "2024" (a JS object would move them first).
import { PyDict, PyFloat, PyInt } from '../../templating/index.js';

/** json.loads(text); throws a SyntaxError where the text is not JSON. */
export function pyJsonLoads(text: string): unknown {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`Expecting value: char ${i}`);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, i)) fail();
    i += word.length;
    return value;
  };
  const number = (): unknown => {
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : PyInt.of(BigInt(m[0]));
    }
    const f = Number(m[0]);
    return Number.isInteger(f) ? new PyFloat(f) : f;
  };
  const string = (): string => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const value = (): unknown => {
    space();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    if (c === 'N') return literal('NaN', NaN);
    if (c === 'I') return literal('Infinity', Infinity);
    if (c === '-' && text.startsWith('-Infinity', i)) return literal('-Infinity', -Infinity);
    return number();
  };
  const array = (): unknown[] => {
    i++;
    const out: unknown[] = [];
    space();
    if (text[i] === ']') return i++, out;
    for (;;) {
      out.push(value());
      space();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return i++, out;
      else fail();
    }
  };
  const object = (): unknown => {
    i++;
    const entries: [string, unknown][] = [];
    space();
    if (text[i] === '}') return i++, {};
    for (;;) {
      space();
      if (text[i] !== '"') fail();
      const key = string();
      space();
      if (text[i] !== ':') fail();
      i++;
      const v = value();
      const at = entries.findIndex(([k]) => k === key);
      if (at >= 0) entries.splice(at, 1, [key, v]); // a repeated key keeps its first place, with the last value
      else entries.push([key, v]);
      space();
      if (text[i] === ',') i++;
      else if (text[i] === '}') break;
      else fail();
    }
    i++;
    // A plain object keeps insertion order unless a key looks like an array index.
    return entries.some(([k]) => /^(?:0|[1-9]\d*)$/.test(k)) ? new PyDict(entries) : Object.fromEntries(entries);
  };
  const result = value();
  space();
  if (i !== text.length) throw new SyntaxError(`Extra data: char ${i}`);
  return result;
}
