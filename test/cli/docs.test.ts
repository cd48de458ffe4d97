import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { BIN, ensureCliBuilt, FIXTURES, ROOT } from './xent.js';

const run = promisify(execFile);

beforeAll(ensureCliBuilt, 120_000);

interface Example {
  command: string;
  output: string[];
}

/** The `$ npx xent …` lines of a Markdown file's sh blocks, each with the output shown under it. */
function examples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let current: Example | undefined;
    for (const line of block[1].trimEnd().split('\n')) {
      if (line.startsWith('$ ')) {
        current = { command: line.slice(2), output: [] };
        found.push(current);
      } else {
        current?.output.push(line);
      }
    }
  }
  return found;
}

const read = (file: string) => (existsSync(`${ROOT}${file}`) ? readFileSync(`${ROOT}${file}`, 'utf8') : '');
// The README's CLI section (if it has `$ npx xent` lines) is held to the same standard.
const documents = ['docs/CLI.md', 'README.md'].map((file) => ({ file, found: examples(read(file)) }));

it('docs/CLI.md has runnable examples', () => {
  expect(documents[0].found.length).toBeGreaterThan(10);
});

for (const { file, command, output } of documents.flatMap(({ file, found }) =>
  found.map((e) => ({ file, ...e })),
)) {
  it(`${file}: ${command}`, async () => {
    // `npx xent` is the built bin; the examples run in the fixtures directory, in order.
    const shell = command.replaceAll('npx xent', `"${process.execPath}" "${BIN}"`);
    const { stdout } = await run('sh', ['-c', `${shell} 2>&1 || true`], { cwd: FIXTURES });
    const lines = stdout.trimEnd().split('\n');
    if (output.length === 0) return;
    expect(lines).toHaveLength(output.length);
    lines.forEach((line, i) => {
      // Timings differ from run to run; only their shape is checked.
      if (output[i].startsWith('read in '))
        expect(line).toMatch(/^read in [\d.]+ s \([\d,]+ rows\/s, [\d.]+ MB\/s\)$/);
      else expect(line).toBe(output[i]);
    });
  });
}
