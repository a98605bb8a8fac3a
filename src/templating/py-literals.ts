// Python's text for its literal types: repr() of a float and a string, str() of a large int.

/** Python's repr() of a float. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(n);
  return s.includes('.') ? s : `${s}.0`;
}

/** Python's str() of an int held in a number. */
export function intStr(n: number): string {
  // past 2**53 String() rounds to 17 significant digits; BigInt() writes the held value exactly
  return Math.abs(n) <= Number.MAX_SAFE_INTEGER || !Number.isFinite(n) ? String(n) : BigInt(n).toString();
}

/** Python's repr() of a string. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\x${c.toString(16)}`;
    // other characters Python counts unprintable (separators, format and unassigned ones) are escaped too
    else if (c >= 0xa0 && UNPRINTABLE.test(ch)) out += c <= 0xff ? `\\x${c.toString(16)}` : c <= 0xffff ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
    else out += ch;
  }
  return out + quote;
}

const UNPRINTABLE = /^[\p{C}\p{Z}]$/u;
