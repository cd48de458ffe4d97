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
const EXACT_DIGITS = 15;

/**
 * The number in bytes [start, end) of `bytes`, exactly as `readNumber` reads their text, without
 * making a string: decimal notation with an optional sign and exponent. Up to 15 significant
 * digits and a power of ten up to 22 it is one correctly rounded multiplication or division of
 * two exact doubles (Clinger's fast path), so the result is the nearest double, as Number()'s is;
 * longer numbers are handed to Number() on their text, which the grammar check has made plain
 * ASCII. Anything else (spaces, inf, NaN, 0x1) goes through `readNumber` itself.
 */
export function readDecimal(bytes: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
    negative = bytes[i] === MINUS;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let digits = 0;
  for (; i < end; i++) {
    const d = bytes[i] - ZERO;
    if (d < 0 || d > 9) break;
    digits++;
    if (significant > 0 || d !== 0) {
      significant++;
      mantissa = mantissa * 10 + d;
    }
  }
  if (i < end && bytes[i] === DOT) {
    for (i++; i < end; i++) {
      const d = bytes[i] - ZERO;
      if (d < 0 || d > 9) break;
      digits++;
      scale--;
      if (significant > 0 || d !== 0) {
        significant++;
        mantissa = mantissa * 10 + d;
      }
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
  if (mantissa === 0) return negative ? -0 : 0;
  if (significant > EXACT_DIGITS || scale > 22 || scale < -22) {
    return Number(bytes.toString('latin1', start, end));
  }
  const value = scale >= 0 ? mantissa * EXACT_POWERS[scale] : mantissa / EXACT_POWERS[-scale];
  return negative ? -value : value;
}

function slowPath(bytes: Buffer, start: number, end: number): number {
  return readNumber(bytes.toString('utf8', start, end));
}
