// TF.js in Node for the adapter's tests: tfjs-core with the cpu and wasm backends, and the
// gradients of TF.js's own ops (for the reference losses and models written in TF ops). Those are
// registered by an ES-module entry whose relative imports lack '.js', so it loads through the
// benchmark's resolution hook; the registry is global, so the CommonJS build Node loads sees them.
import { register } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

register('../../bench/peers/extensionless.mjs', import.meta.url);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');

export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Makes `name` TF.js's backend (the wasm one warns once that it found no threads: silenced). */
export async function useBackend(name: BackendName): Promise<void> {
  const warn = console.warn;
  console.warn = () => {};
  try {
    await tf.setBackend(name);
    await tf.ready();
  } finally {
    console.warn = warn;
  }
}

export { tf };
