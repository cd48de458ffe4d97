#!/usr/bin/env node
// Writes web/data/digits.txt, the 8 × 8 handwritten digits the explainer trains on, from the
// scikit-learn copy of the UCI set (a gzipped CSV: 64 pixel columns 0..16, then the label).
// The page ships the result inside its build, so a clone of xent needs neither this script nor
// the source file; it is here so the data can be regenerated and checked.
//
// Format, one digit per line: the label (0-9) followed by 64 pixels, each one base-17 character
// (0-9 then a-g for 10-16), row-major. It is a third of the CSV's size and parses without a
// CSV reader.
//
// Usage: node scripts/prepare_web_data.mjs [source.csv.gz] (default /work/shared/data/digits.csv.gz)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const source = process.argv[2] ?? '/work/shared/data/digits.csv.gz';
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'data', 'digits.txt');
const digits = '0123456789abcdefg';

const lines = gunzipSync(readFileSync(source)).toString('utf8').trim().split('\n');
const out = lines.map((line, row) => {
  const values = line.split(',').map(Number);
  if (values.length !== 65) throw new Error(`row ${row}: expected 65 columns, got ${values.length}`);
  const label = values[64];
  if (!Number.isInteger(label) || label < 0 || label > 9) throw new Error(`row ${row}: bad label ${label}`);
  const pixels = values.slice(0, 64).map((v, column) => {
    if (!Number.isInteger(v) || v < 0 || v > 16)
      throw new Error(`row ${row}, column ${column}: bad pixel ${v}`);
    return digits[v];
  });
  return `${label}${pixels.join('')}`;
});
writeFileSync(target, `${out.join('\n')}\n`);
console.log(`wrote ${out.length} digits to ${target}`);
