// Python string formatting: `fmt % args` and str.format() with the format-spec mini-language.
import { pyError } from './errors.js';
import { Decimal } from './decimal.js';
import { PyInt } from './py-int.js';
import { PyFloat, Undefined, dunder, isDict, isFloat, isTuple, num, pyRepr, pyStr, typeName } from './values.js';
import { floatRepr, intStr } from './py-literals.js';

const isNumeric = (v: unknown): boolean => typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean' || v instanceof Decimal || v instanceof PyInt;
// The digits of an int's magnitude, exact past 2**53 for a PyInt.
const absDigits = (v: unknown, n: number): string => (v instanceof PyInt ? (v.value < 0n ? -v.value : v.value).toString() : intStr(Math.abs(n)));

/**
 * True when the digits after the first `keep` ones of a number's exact decimal expansion are
 * a 5 and nothing more: a tie, which Python rounds to even and JS's toFixed/toExponential up.
 */
function isTie(exact: string, keep: number): boolean {
  const digits = exact.replace(/^-/, '').replace('.', '').replace(/e.*$/, '');
  const rest = digits.slice(keep);
  return rest.length > 0 && rest[0] === '5' && /^0*$/.test(rest.slice(1)) && Number(digits[keep - 1] ?? '0') % 2 === 0;
}

/** x.toFixed(p) rounded half to even on the exact binary value, as Python's '%.{p}f' rounds. */
function toFixedEven(x: number, p: number): string {
  // from 1e21 toFixed switches to exponent form; such a number is an integer, written out in full
  if (Math.abs(x) >= 1e21) return BigInt(x).toString() + (p > 0 ? `.${'0'.repeat(p)}` : '');
  const s = x.toFixed(p);
  if (p + 1 > 100) return s;
  const exact = x.toFixed(100);
  const keep = exact.indexOf('.') + p - (x < 0 ? 1 : 0);
  // a tie whose kept last digit is even rounds down: the truncated digits are the answer
  return isTie(exact, keep) ? exact.slice(0, exact.indexOf('.') + (p > 0 ? p + 1 : 0)) : s;
}

/** x.toExponential(p) rounded half to even on the exact binary value, as Python's '%.{p}e' rounds. */
function toExponentialEven(x: number, p: number): string {
  const s = x.toExponential(p);
  if (x === 0 || p + 1 > 100) return s;
  const exact = x.toExponential(100);
  if (!isTie(exact, p + 1)) return s;
  const [mant, e] = exact.split('e') as [string, string];
  return `${mant.slice(0, mant.indexOf('.') + (p > 0 ? p + 1 : 0))}e${e}`;
}

/** Formats a float in fixed/exponent/general notation like Python's %f %e %g. */
function formatFloat(x: number, type: string, precision: number | undefined, alt = false): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const lower = type.toLowerCase();
  let s: string;
  if (lower === 'f') s = toFixedEven(x, precision ?? 6);
  else if (lower === 'e') s = expo(toExponentialEven(x, precision ?? 6));
  else {
    // general: precision significant digits, trailing zeros removed unless alt
    const p = precision === 0 ? 1 : precision ?? 6;
    if (x === 0) s = alt ? (0).toFixed(p - 1) : '0';
    else {
      const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
      if (exp < -4 || exp >= p) {
        s = expo(toExponentialEven(x, p - 1));
        if (!alt) s = s.replace(/\.?0+e/, 'e');
      } else {
        s = toFixedEven(x, Math.max(0, p - 1 - exp));
        if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
      }
    }
  }
  return type === type.toUpperCase() ? s.toUpperCase() : s;
}

/** `format(x, '.{p}')` of a float: p significant digits, a '.0' kept, exponent form from 10**(p-1). */
function shortFloat(x: number, precision: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const p = precision === 0 ? 1 : precision;
  const exp = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  if (exp < -4 || exp >= p - 1) {
    const e = expo(toExponentialEven(x, p - 1));
    return e.includes('.') ? e.replace(/\.?0+e/, 'e') : e;
  }
  const s = toFixedEven(x, Math.max(0, p - 1 - exp)).replace(/(\.\d*?)0+$/, '$1');
  return s.endsWith('.') ? `${s}0` : s.includes('.') ? s : `${s}.0`;
}

/** JS exponent form (1e+5) to Python's (1e+05). */
function expo(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function toInt(v: unknown, spec: string): number {
  if (!isNumeric(v)) {
    if (v instanceof Undefined) v.fail();
    throw pyError('TypeError', `%${spec} format: a real number is required, not ${typeName(v)}`);
  }
  return Math.trunc(num(v));
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s.padEnd(width);
  if (zero) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

/** Python's `fmt % args`. */
export function percentFormat(fmt: string, args: unknown): string {
  const list = isTuple(args) ? args : [args];
  const mapping = isDict(args) ? args : null;
  let idx = 0;
  let usedMapping = false;
  const nextArg = (): unknown => {
    if (idx >= list.length) throw pyError('TypeError', 'not enough arguments for format string');
    return list[idx++];
  };
  const out = fmt.replace(/%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g, (m, key: string | undefined, flags: string, w: string | undefined, p: string | undefined, type: string | undefined) => {
    if (type === undefined) throw pyError('ValueError', `incomplete format`);
    if (type === '%' && key === undefined) return '%';
    let value: unknown;
    if (key !== undefined) {
      if (!mapping) throw pyError('TypeError', 'format requires a mapping');
      usedMapping = true;
      if (!Object.hasOwn(mapping, key)) throw pyError('KeyError', `'${key}'`);
      value = mapping[key];
    }
    const width = w === '*' ? toInt(nextArg(), '*') : w ? Number(w) : 0;
    const precision = p === '*' ? toInt(nextArg(), '*') : p !== undefined ? Number(p) : undefined;
    if (key === undefined) value = nextArg();
    const left = flags.includes('-');
    const zero = flags.includes('0') && !left;
    const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    let s: string;
    switch (type) {
      case 's':
        s = pyStr(value);
        if (precision !== undefined) s = s.slice(0, precision);
        return pad(s, width, left, false);
      case 'r':
      case 'a':
        s = pyRepr(value);
        if (precision !== undefined) s = s.slice(0, precision);
        return pad(s, width, left, false);
      case 'c':
        s = typeof value === 'string' ? value : String.fromCodePoint(toInt(value, 'c'));
        return pad(s, width, left, false);
      case 'd':
      case 'i':
      case 'u': {
        const n = toInt(value, type);
        s = absDigits(value, n);
        if (precision !== undefined) s = s.padStart(precision, '0');
        return pad((n < 0 ? '-' : sign) + s, width, left, zero);
      }
      case 'x':
      case 'X':
      case 'o': {
        const n = toInt(value, type);
        s = Math.abs(n).toString(type === 'o' ? 8 : 16);
        if (type === 'X') s = s.toUpperCase();
        if (flags.includes('#')) s = (type === 'o' ? '0o' : type === 'x' ? '0x' : '0X') + s;
        return pad((n < 0 ? '-' : sign) + s, width, left, zero);
      }
      default: {
        if (!isNumeric(value)) {
          if (value instanceof Undefined) value.fail();
          throw pyError('TypeError', `must be real number, not ${typeName(value)}`);
        }
        const x = num(value);
        s = formatFloat(Math.abs(x), type, precision, flags.includes('#'));
        return pad((x < 0 || Object.is(x, -0) ? '-' : sign) + s, width, left, zero);
      }
    }
  });
  if (!usedMapping && !mapping && idx < list.length) throw pyError('TypeError', 'not all arguments converted during string formatting');
  return out;
}

/** Applies a format spec (`>10`, `.2f`, `,`, `08.3f`...) to a value, like Python's format(). */
export function formatSpec(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  // a host object that reads its own spec (a date's is a strftime format: '{:%Y-%m}')
  const own = dunder(value, '__format__');
  if (own) return String(own(spec));
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (!m) throw pyError('ValueError', `Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  const [, fillCh, alignCh, signCh, , alt, zeroFlag, widthS, group, precS, typeCh] = m;
  const width = widthS ? Number(widthS) : 0;
  const precision = precS !== undefined ? Number(precS) : undefined;
  let fill = fillCh ?? ' ';
  let align = alignCh;
  if (zeroFlag && !alignCh) {
    fill = '0';
    align = '=';
  }
  let body: string;
  let sign = '';
  if (typeof value === 'string' || (!isNumeric(value) && value !== null)) {
    if (typeCh && typeCh !== 's') throw pyError('ValueError', `Unknown format code '${typeCh}' for object of type '${typeName(value)}'`);
    body = pyStr(value);
    if (precision !== undefined) body = body.slice(0, precision);
    align = align ?? '<';
  } else {
    if (value === null) throw pyError('TypeError', 'unsupported format string passed to NoneType.__format__');
    const x = num(value);
    let type = typeCh ?? '';
    const floaty = isFloat(value) || value instanceof Decimal;
    // a float with a precision and no type: like 'g', but a fixed-point result keeps a '.0' and
    // the exponent form starts one digit earlier (Python's float.__format__)
    const dotZero = !type && floaty && precision !== undefined;
    if (dotZero) type = 'g';
    if (type === '' && !floaty) type = 'd';
    if (['d', 'b', 'o', 'x', 'X', 'c', 'n'].includes(type) && floaty) throw pyError('ValueError', `Unknown format code '${type}' for object of type 'float'`);
    const abs = Math.abs(x);
    switch (type) {
      case 'd':
      case 'n':
        body = absDigits(value, abs);
        break;
      case 'b':
        body = abs.toString(2);
        break;
      case 'o':
        body = abs.toString(8);
        break;
      case 'x':
        body = abs.toString(16);
        break;
      case 'X':
        body = abs.toString(16).toUpperCase();
        break;
      case 'c':
        body = String.fromCodePoint(abs);
        break;
      case '%':
        body = formatFloat(abs * 100, 'f', precision) + '%';
        break;
      case '':
        body = value instanceof Decimal ? value.__abs__().__str__() : floatRepr(abs);
        break;
      default:
        body = dotZero && !alt ? shortFloat(abs, precision!) : formatFloat(abs, type, precision, !!alt);
    }
    if (group) {
      const [ip, fp] = body.split('.') as [string, string | undefined];
      body = ip.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fp !== undefined ? `.${fp}` : '');
    }
    sign = x < 0 || Object.is(x, -0) ? '-' : signCh === '+' ? '+' : signCh === ' ' ? ' ' : '';
    // `#` prefixes binary, octal and hex; zero padding goes between the prefix and the digits
    if (alt && (type === 'b' || type === 'o' || type === 'x' || type === 'X')) sign += `0${type}`;
    align = align ?? '>';
  }
  const total = sign.length + body.length;
  if (total >= width) return sign + body;
  const padN = width - total;
  switch (align) {
    case '<':
      return sign + body + fill.repeat(padN);
    case '^':
      return fill.repeat(Math.floor(padN / 2)) + sign + body + fill.repeat(Math.ceil(padN / 2));
    case '=':
      return sign + fill.repeat(padN) + body;
    default:
      return fill.repeat(padN) + sign + body;
  }
}

/** Python's str.format(*args, **kwargs); `lookup` resolves `.attr` and `[key]` parts. */
export function strFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown>, lookup: (obj: unknown, key: string, isItem: boolean) => unknown): string {
  let auto = 0;
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (ch === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      let depth = 1;
      let j = i + 1;
      while (j < fmt.length && depth > 0) {
        if (fmt[j] === '{') depth++;
        else if (fmt[j] === '}') depth--;
        j++;
      }
      if (depth > 0) throw pyError('ValueError', "expected '}' before end of string");
      const field = fmt.slice(i + 1, j - 1);
      out += formatField(field);
      i = j;
    } else if (ch === '}') {
      if (fmt[i + 1] !== '}') throw pyError('ValueError', "Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;

  function formatField(field: string): string {
    const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!m) throw pyError('ValueError', `invalid format field '${field}'`);
    const [, name = '', chain = '', conv, specRaw = ''] = m;
    let value: unknown;
    if (name === '') {
      if (auto >= args.length) throw pyError('IndexError', `Replacement index ${auto} out of range for positional args tuple`);
      value = args[auto++];
    } else if (/^\d+$/.test(name)) {
      const k = Number(name);
      if (k >= args.length) throw pyError('IndexError', `Replacement index ${k} out of range for positional args tuple`);
      value = args[k];
    } else {
      if (!Object.hasOwn(kwargs, name)) throw pyError('KeyError', `'${name}'`);
      value = kwargs[name];
    }
    for (const part of chain.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) {
      value = part[0] === '.' ? lookup(value, part.slice(1), false) : lookup(value, part.slice(1, -1), true);
    }
    if (conv === 'r' || conv === 'a') value = pyRepr(value);
    else if (conv === 's') value = pyStr(value);
    const spec = specRaw.includes('{') ? strFormat(specRaw, args, kwargs, lookup) : specRaw;
    return formatSpec(value, spec);
  }
}
