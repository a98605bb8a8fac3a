// x ** y for Decimals whose result is not an exact integer power: e**(y·ln x) in bigint fixed
// point, computed with growing guard digits until the correctly rounded result is certain, so
// that Decimal('2') ** Decimal('0.5') gives the 28 digits Python's decimal module gives.

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);
const digitCount = (c: bigint): number => (c === 0n ? 1 : (c < 0n ? -c : c).toString().length);

/** Rounds away `drop` trailing digits of a non-negative coefficient, half to even. */
export function roundHalfEven(coeff: bigint, drop: number): bigint {
  if (drop <= 0) return coeff * pow10(-drop);
  const unit = pow10(drop);
  const q = coeff / unit;
  const r = coeff % unit;
  const twice = r * 2n;
  return twice > unit || (twice === unit && q % 2n === 1n) ? q + 1n : q;
}

/** What approxPower answers: a correctly rounded coefficient and exponent, or an overflow/underflow. */
export type PowerApprox = { coeff: bigint; exp: number } | 'overflow' | 'underflow';

/**
 * (xc·10^xe) ** (±yc·10^ye), xc > 0 and the base not 1, to `prec` significant digits rounded half
 * to even. An exact result comes padded to `prec` digits, as Python gives it for a non-integer power.
 */
export function approxPower(xc: bigint, xe: number, yNegative: boolean, yc: bigint, ye: number, prec: number): PowerApprox {
  // |y| < 10^yAdj; ln x needs that many more places so y·ln x keeps its own
  const yAdj = digitCount(yc) + ye;
  for (let extra = 6; ; extra += 12) {
    const places = prec + extra;
    // y·ln x to 3 places more than the result needs: its absolute error is the result's relative one
    const tScale = places + 3;
    const lnPlaces = tScale + Math.max(0, yAdj) + 3;
    let t = lnFixed(xc, xe, lnPlaces) * yc; // at scale lnPlaces - ye
    const shift = lnPlaces - ye - tScale;
    t = shift >= 0 ? t / pow10(shift) : t * pow10(-shift);
    if (yNegative) t = -t;
    // the result's decimal exponent, roughly: beyond the context's limits it overflows or vanishes
    const log10 = Number(t / pow10(tScale - 6)) / 1e6 / Math.LN10;
    if (log10 > 1_000_000) return 'overflow';
    if (log10 < -1_000_030) return 'underflow';
    const [coeff, exp] = expFixed(t, tScale);
    const drop = digitCount(coeff) - prec;
    // the approximation is within a relative 10^-places of the true value
    const slack = pow10(Math.max(0, digitCount(coeff) - places));
    const low = roundHalfEven(coeff - slack, drop);
    const high = roundHalfEven(coeff + slack, drop);
    if (low === high || extra > 90) {
      // an exact tie at `prec` digits never settles; past 100 guard digits the nearest wins
      let rounded = roundHalfEven(coeff, drop);
      let e = exp + drop;
      if (digitCount(rounded) > prec) {
        rounded /= TEN;
        e++;
      }
      return { coeff: rounded, exp: e };
    }
  }
}

// atanh(1/k) · 10^scale, by its series 1/k + 1/(3k³) + 1/(5k⁵) + ...
function atanhInverse(k: bigint, scale: number): bigint {
  let term = pow10(scale) / k;
  const k2 = k * k;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term /= k2;
  }
  return sum;
}

const constants = new Map<number, { ln2: bigint; ln10: bigint }>();

// ln 2 = 2·atanh(1/3) and ln 10 = 3·ln 2 + ln 1.25 = 3·ln 2 + 2·atanh(1/9), at `scale` places
function logConstants(scale: number): { ln2: bigint; ln10: bigint } {
  let found = constants.get(scale);
  if (!found) {
    const guard = pow10(6);
    const ln2 = 2n * atanhInverse(3n, scale + 6);
    const ln10 = 3n * ln2 + 2n * atanhInverse(9n, scale + 6);
    found = { ln2: ln2 / guard, ln10: ln10 / guard };
    if (constants.size > 32) constants.clear();
    constants.set(scale, found);
  }
  return found;
}

// ln(xc·10^xe) · 10^scale, within a few units of the last place
function lnFixed(xc: bigint, xe: number, scale: number): bigint {
  const digits = digitCount(xc);
  const decade = xe + digits; // x = m·10^decade with m in [0.1, 1)
  const work = scale + 8 + digitCount(BigInt(decade));
  const one = pow10(work);
  let m = (xc * one) / pow10(digits);
  // bring m into [0.75, 1.5) by doublings, so the series below converges fast
  let doublings = 0;
  while (m * 4n < one * 3n) {
    m *= 2n;
    doublings++;
  }
  // ln m = 2·atanh(z) with z = (m - 1)/(m + 1), |z| <= 0.2
  const z = ((m - one) * one) / (m + one);
  const z2 = (z * z) / one;
  let sum = 0n;
  let term = z;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term = (term * z2) / one;
  }
  const { ln2, ln10 } = logConstants(work);
  const ln = 2n * sum - BigInt(doublings) * ln2 + BigInt(decade) * ln10;
  return ln / pow10(work - scale);
}

// e^(t / 10^scale) as [coefficient, exponent], with about scale + 10 significant digits
function expFixed(t: bigint, scale: number): [bigint, number] {
  // t = n·ln 10 + r with 0 <= r < ln 10, so e^t = 10^n · e^r
  const intDigits = digitCount(t / pow10(scale));
  const wide = scale + intDigits + 6;
  const { ln10 } = logConstants(wide);
  const tWide = t * pow10(wide - scale);
  let n = tWide / ln10;
  if (tWide < 0n && n * ln10 !== tWide) n -= 1n;
  const work = scale + 10;
  const one = pow10(work);
  const rest = tWide - n * ln10;
  let r = wide >= work ? rest / pow10(wide - work) : rest * pow10(work - wide);
  // e^r = (e^(r/256))^256: the series converges in a few terms for so small an argument
  const halvings = 8;
  r /= 1n << BigInt(halvings);
  let sum = one;
  let term = one;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * r) / (one * i);
    sum += term;
  }
  for (let i = 0; i < halvings; i++) sum = (sum * sum) / one;
  return [sum, Number(n) - work];
}
