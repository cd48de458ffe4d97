import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL 15 binaries (.ci/run installs the package when they are missing). */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
export const HAVE_POSTGRES = existsSync(`${POSTGRES_BIN}/initdb`);

/** A free loopback port, found by binding port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  /** Runs SQL through psql and returns its output (CSV for COPY … TO STDOUT). */
  psql(sql: string, input?: string): string;
  stop(): void;
}

/**
 * A throwaway PostgreSQL cluster: initdb into a temporary folder, pg_ctl start on a loopback
 * port, trust authentication for the one superuser. initdb refuses to run as root, so as root
 * the server runs as `nobody`, which owns the folder.
 */
export async function startCluster(): Promise<Cluster> {
  const folder = mkdtempSync(join(tmpdir(), 'xent-postgres-'));
  const asServer = (command: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    if (root) chownSync(folder, 65534, 65534);
    const [file, argv] = root ? ['runuser', ['-u', 'nobody', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { cwd: folder, stdio: 'pipe' });
  };
  const port = await freePort();
  const data = join(folder, 'data');
  asServer(`${POSTGRES_BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'xent', '--no-sync']);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  asServer(`${POSTGRES_BIN}/pg_ctl`, ['-D', data, '-l', join(folder, 'log'), '-o', options, '-w', 'start']);
  const env = {
    ...process.env,
    PGHOST: '127.0.0.1',
    PGPORT: String(port),
    PGUSER: 'xent',
    PGDATABASE: 'postgres',
  };
  return {
    psql: (sql, input) =>
      execFileSync(`${POSTGRES_BIN}/psql`, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
        env,
        input,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    stop: () => {
      asServer(`${POSTGRES_BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
