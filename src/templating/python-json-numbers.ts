// JSON text with Python's numbers as json.dumps writes them: dbt's artifacts keep a float that is
// whole as `1.0` and an int past 2^53 with all its digits, which a JavaScript number cannot say.
// While stringifyPythonJson runs, PyFloat and PyInt hand JSON.stringify a marked string of their
// digits instead of a number; the marks and their quotes are then taken out of the text.

const MARK = '\u0000pyjson:';
const MARKED = /"\\u0000pyjson:([^"]*)"/g;

let exact = false;
// How many marked numbers the current stringifyPythonJson call gave out: with none (almost every
// piece of a manifest), its text is returned without being scanned for marks.
let marked = 0;

/** What a PyFloat or PyInt gives JSON.stringify: its digits, marked, inside stringifyPythonJson; else the nearest number. */
export function jsonNumber(digits: () => string, nearest: number): number | string {
  if (!exact) return nearest;
  marked++;
  return MARK + digits();
}

/** JSON.stringify(value, null, indent), with floats that are whole and ints past 2^53 written as Python writes them. */
export function stringifyPythonJson(value: unknown, indent?: number): string {
  exact = true;
  marked = 0;
  let text: string;
  try {
    text = JSON.stringify(value, null, indent);
  } finally {
    exact = false;
  }
  return marked > 0 ? text.replace(MARKED, '$1') : text;
}
