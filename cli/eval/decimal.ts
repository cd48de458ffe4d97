import { readNumber } from '../args.js';

const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const E_UPPER = 0x45;
const E_LOWER = 0x65;

/** Powers of ten that a double holds exactly (10^22 is the largest). */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Significant digits a mantissa may have and stay an exact integer in a double (10^15 < 2^53). */
const HEAD_DIGITS = 15;
/** Digits after the head carried as a second integer: 19 in all, what repr and %.17g write and more. */
const TAIL_DIGITS = 4;

/**
 * The number in bytes [start, end) of `bytes`, exactly as `readNumber` reads their text, without
 * making a string: decimal notation with an optional sign and exponent. Up to 15 significant
 * digits and a power of ten up to 22 it is one correctly rounded multiplication or division of
 * two exact doubles (Clinger's fast path). Up to 19 digits divided by a power of ten (the 17
 * digits of a float64 written in full) it is a division in double-double arithmetic, whose
 * rounding is checked: a quotient too near a halfway point between two doubles to round with
 * certainty goes to Number(), as do other long numbers (their text is plain ASCII by then).
 * Anything not in the grammar (spaces, inf, NaN, 0x1) goes through `readNumber` itself.
 */
export function readDecimal(bytes: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
    negative = bytes[i] === MINUS;
    i++;
  }
  let head = 0;
  let tail = 0;
  let significant = 0;
  let scale = 0;
  let digits = 0;
  let fraction = false;
  for (; i < end; i++) {
    const byte = bytes[i];
    if (byte === DOT && !fraction) {
      fraction = true;
      continue;
    }
    const d = byte - ZERO;
    if (d < 0 || d > 9) break;
    digits++;
    if (fraction) scale--;
    if (significant > 0 || d !== 0) {
      significant++;
      if (significant <= HEAD_DIGITS) head = head * 10 + d;
      else if (significant <= HEAD_DIGITS + TAIL_DIGITS) tail = tail * 10 + d;
    }
  }
  if (digits === 0) return slowPath(bytes, start, end);
  if (i < end && (bytes[i] === E_LOWER || bytes[i] === E_UPPER)) {
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      exponentNegative = bytes[i] === MINUS;
      i++;
    }
    let exponent = 0;
    let exponentDigits = 0;
    for (; i < end; i++) {
      const d = bytes[i] - ZERO;
      if (d < 0 || d > 9) break;
      exponentDigits++;
      // Past a few thousand the value is 0 or Infinity either way; capping keeps the sum exact.
      if (exponent < 100000) exponent = exponent * 10 + d;
    }
    if (exponentDigits === 0) return slowPath(bytes, start, end);
    scale += exponentNegative ? -exponent : exponent;
  }
  if (i !== end) return slowPath(bytes, start, end);
  if (significant === 0) return negative ? -0 : 0;
  let value: number;
  if (significant <= HEAD_DIGITS && scale >= -22 && scale <= 22) {
    value = scale >= 0 ? head * EXACT_POWERS[scale] : head / EXACT_POWERS[-scale];
  } else if (significant <= HEAD_DIGITS + TAIL_DIGITS && scale < 0 && scale >= -22) {
    const tailDigits = significant - HEAD_DIGITS;
    value = longQuotient(head, EXACT_POWERS[tailDigits], tail, EXACT_POWERS[-scale]);
    if (Number.isNaN(value)) return Number(bytes.toString('latin1', start, end));
  } else return Number(bytes.toString('latin1', start, end));
  return negative ? -value : value;
}

function slowPath(bytes: Buffer, start: number, end: number): number {
  return readNumber(bytes.toString('utf8', start, end));
}

/** 2^27 + 1: splits a double into two halves whose products are exact (Veltkamp). */
const SPLITTER = 134217729;
let productLow = 0;

/** a·b rounded; productLow is set to the exact rounding error (Dekker's TwoProduct). */
function twoProduct(a: number, b: number): number {
  const product = a * b;
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  productLow = aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
  return product;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** Far above the double-double arithmetic's error (about 2^-100 of the value), far below any half ulp. */
const DOUBT = 2 ** -90;

/**
 * (head·scale + tail) / divisor, correctly rounded, where head < 10^15, scale ≤ 10^4 and divisor
 * ≤ 10^22 are exact doubles; NaN when the quotient lies too near a halfway point to be sure.
 */
function longQuotient(head: number, scale: number, tail: number, divisor: number): number {
  // The numerator as an exact sum high + low: head·scale by TwoProduct, then + tail by TwoSum.
  const product = twoProduct(head, scale);
  const productError = productLow;
  const sum = product + tail;
  const virtual = sum - product;
  const sumError = product - (sum - virtual) + (tail - virtual);
  const low0 = productError + sumError;
  const high = sum + low0;
  const low = low0 - (high - sum);
  // Long division in two steps: the quotient, then the remainder's share of it.
  const quotient = high / divisor;
  const back = twoProduct(quotient, divisor);
  const remainder = high - back - productLow + low;
  const correction = remainder / divisor;
  const result = quotient + correction;
  // What rounding result left out (exact: |quotient| ≥ |correction|), against the half gap to the neighbour it leans to.
  const leftOut = correction - (result - quotient);
  bits[0] = result;
  const high32 = words[HIGH_WORD];
  const exponent = (high32 >>> 20) & 0x7ff;
  if (exponent === 0 || exponent === 0x7ff) return Number.NaN;
  const powerOfTwo = (high32 & 0xfffff) === 0 && words[1 - HIGH_WORD] === 0;
  const halfGap = 2 ** (exponent - 1076) / (powerOfTwo && leftOut < 0 ? 2 : 1);
  if (Math.abs(Math.abs(leftOut) - halfGap) <= result * DOUBT) return Number.NaN;
  return result;
}
