import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { CliError } from '../errors.js';
import type { ResultRow } from './results.js';

async function readText(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`xent report: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
}

/**
 * The rows of a query result as engines export them: a JSON array of objects, JSON Lines (one
 * object per line: BigQuery, DuckDB's COPY … (FORMAT json)), or CSV/TSV with a header (psql's
 * COPY … TO STDOUT CSV HEADER, Spark, Trino, Snowflake's unload).
 */
export async function readResultRows(path: string, stdin: NodeJS.ReadableStream): Promise<ResultRow[]> {
  const text = await readText(path, stdin);
  const start = text.trimStart()[0];
  try {
    if (start === '[') return JSON.parse(text);
    if (start === '{')
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line));
    const header = text.slice(0, text.indexOf('\n') >>> 0);
    const delimiter = header.includes('\t') && !header.includes(',') ? '\t' : ',';
    return parse(text, { columns: true, delimiter, skip_empty_lines: true });
  } catch (error) {
    throw new CliError(
      `xent report: ${path} is neither JSON nor CSV with a header (${(error as Error).message.split('\n')[0]}); export the query's result as CSV or JSON`,
    );
  }
}
