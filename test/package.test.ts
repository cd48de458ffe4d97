import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// What `npm install xent` gets: the files npm would pack, checked as a user's tools would read them.
const root = fileURLToPath(new URL('../', import.meta.url));
let packed: Set<string>;

beforeAll(() => {
  // The library's build output is made afresh (dist/cli, which the CLI tests run, is left alone):
  // files left from an older build would be packed, with maps pointing at sources long gone.
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const entry of readdirSync(join(root, 'dist'), { withFileTypes: true }))
    if (entry.name !== 'cli') rmSync(join(root, 'dist', entry.name), { recursive: true, force: true });
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', ['scripts/ship-wasm.mjs'], { cwd: root, stdio: 'inherit' });
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
  ) as { files: { path: string }[] }[];
  packed = new Set(pack.files.map((file) => file.path));
}, 120_000);

describe('the npm package', () => {
  it('ships the LICENSE that package.json names', () => {
    expect(packed.has('LICENSE')).toBe(true);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('every source map points at sources the package ships', () => {
    const maps = [...packed].filter((path) => path.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const resolved = normalize(join(dirname(map), source));
        expect(packed.has(resolved), `${map} → ${source}`).toBe(true);
      }
    }
  });

  it('require("xent") works on the Node versions engines names (require of ESM, Node 20.19+)', () => {
    const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
    expect(engines).toBe('^20.19.0 || >=22.12.0');
    // The package requires itself by name, as a CommonJS user's code would.
    const required = createRequire(join(root, 'package.json'))('xent') as Record<string, unknown>;
    expect(typeof required['crossEntropyLoss']).toBe('function');
  });

  it('ships kernels.wasm beside the compiled loader, and the built library runs on it in Node', async () => {
    expect(packed.has('dist/kernels/generated/kernels.wasm')).toBe(true);
    // The CLI bundle (built by pretest) keeps the loader's URL, so the file goes beside it too.
    for (const build of ['kernels.wasm', 'kernels-relaxed.wasm']) {
      expect(packed.has(`dist/cli/generated/${build}`)).toBe(true);
      const source = readFileSync(join(root, 'src/kernels/generated', build));
      expect(readFileSync(join(root, 'dist/kernels/generated', build)).equals(source)).toBe(true);
    }
    // The built loader, not the sources: its URL must resolve to the copied file.
    const built = (await import(
      join(root, 'dist/kernels/wasm.js')
    )) as typeof import('../src/kernels/wasm.js');
    expect(built.defaultKernelBinary('simd128').pathname).toBe(
      join(root, 'dist/kernels/generated/kernels.wasm'),
    );
    expect(built.defaultKernelBinary('relaxed').pathname).toBe(
      join(root, 'dist/kernels/generated/kernels-relaxed.wasm'),
    );
    const kernels = built.loadKernelsSync();
    expect(typeof kernels.exports.heapBase).toBe('function');
  });

  it('xent/inline-kernels resolves to the same binary as a data: URL', () => {
    const required = createRequire(join(root, 'package.json'))('xent/inline-kernels') as {
      inlineKernels: string;
    };
    const prefix = 'data:application/wasm;base64,';
    expect(required.inlineKernels.startsWith(prefix)).toBe(true);
    const bytes = Buffer.from(required.inlineKernels.slice(prefix.length), 'base64');
    expect(bytes.equals(readFileSync(join(root, 'src/kernels/generated/kernels.wasm')))).toBe(true);
  });

  it('xent/tfjs is a subpath export with its types, and @tensorflow/tfjs-core an optional peer', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(manifest.exports['./tfjs']).toEqual({
      types: './dist/tfjs/index.d.ts',
      default: './dist/tfjs/index.js',
    });
    expect(packed.has('dist/tfjs/index.js') && packed.has('dist/tfjs/index.d.ts')).toBe(true);
    expect(manifest.peerDependencies['@tensorflow/tfjs-core']).toBeDefined();
    expect(manifest.peerDependenciesMeta['@tensorflow/tfjs-core']).toEqual({ optional: true });
    expect(manifest.dependencies).toBeUndefined();
    const adapter = createRequire(join(root, 'package.json'))('xent/tfjs') as Record<string, unknown>;
    expect(typeof adapter['sparseSoftmaxCrossEntropy']).toBe('function');
  });

  it('no shipped module outside dist/tfjs/ loads TF.js, so `xent` works without it', () => {
    // An import or require of it; the CLI bundles package.json, which names it as a string.
    const loadsTfjs = (path: string) =>
      /(?:from|import|require)\s*\(?\s*['"]@tensorflow\//.test(readFileSync(join(root, path), 'utf8'));
    const modules = [...packed].filter((path) => path.startsWith('dist/') && path.endsWith('.js'));
    expect(modules.filter((path) => path.startsWith('dist/tfjs/') && loadsTfjs(path)).length).toBeGreaterThan(
      0,
    );
    expect(modules.filter((path) => !path.startsWith('dist/tfjs/') && loadsTfjs(path))).toEqual([]);
  });
});
