// Copies the kernel binaries (src/kernels/generated/*.wasm, from npm run build:wasm) beside the
// compiled loader in dist/, where its `new URL('./generated/….wasm', import.meta.url)` finds
// them: tsc compiles the .ts files and copies nothing else.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src/kernels/generated');
const to = join(root, 'dist/kernels/generated');
const binaries = readdirSync(from).filter((name) => name.endsWith('.wasm'));
if (binaries.length === 0) throw new Error(`ship-wasm: no .wasm in ${from}; run npm run build:wasm first`);
mkdirSync(to, { recursive: true });
for (const name of binaries) copyFileSync(join(from, name), join(to, name));
console.log(`ship-wasm: ${binaries.join(', ')} -> ${to}`);
