import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));
export const BIN = `${ROOT}dist/cli/bin.js`;

/**
 * Builds the CLI (vite, cli/vite.config.ts) when dist/cli is missing or older than its sources.
 * `npm test` builds it in `pretest` already; this covers `npx vitest run test/cli` on its own.
 * flock serializes test files that start at once.
 */
export function ensureCliBuilt(): void {
  const stale = `test ! -f dist/cli/xent.js || test -n "$(find cli src package.json -newer dist/cli/xent.js -print -quit)"`;
  execFileSync(
    'flock',
    ['/tmp/xent-cli-build.lock', 'sh', '-c', `if ${stale}; then npx vite build -c cli/vite.config.ts; fi`],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (!existsSync(BIN)) throw new Error(`the CLI did not build: ${BIN} is missing`);
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin with `args` in the fixtures directory; `input` goes to its stdin. */
export function xent(
  args: string[],
  { input, cwd = FIXTURES }: { input?: string | Buffer; cwd?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Parses --json output, turning "NaN" / "Infinity" strings back into numbers where asked. */
export function json(run: Run): Record<string, unknown> {
  if (run.code !== 0) throw new Error(`xent exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
