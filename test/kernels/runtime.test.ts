import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { XentError } from '../../src/errors.js';
import { crossEntropyLoss, crossEntropyLossWithGrad, softmax } from '../../src/index.js';
import { Allocator } from '../../src/kernels/allocator.js';
import {
  allocateKernelArray,
  freeKernelArray,
  isKernelArray,
  MAX_KERNEL_ARRAY_LENGTH,
} from '../../src/kernels/buffer.js';
import { crossEntropyIndexKernel } from '../../src/kernels/crossEntropy.js';
import { initKernels } from '../../src/kernels/init.js';
import { kernelThreads, setKernelThreads } from '../../src/kernels/pool.js';
import { kernelRuntime } from '../../src/kernels/runtime.js';
import { loadKernelsAsync, sharingSupported, simdSupported } from '../../src/kernels/wasm.js';
import { nodeWorkerSource, READY, SLOT_BYTES } from '../../src/kernels/workerSource.js';
import { crossEntropyIndexReference, expectClose, randomLogits, seeded } from './reference.js';

describe('kernel runtime', () => {
  it('initKernels() resolves true in Node, where SIMD128 and shared memory are available', async () => {
    expect(simdSupported()).toBe(true);
    expect(sharingSupported()).toBe(true);
    await expect(initKernels()).resolves.toBe(true);
    expect(kernelRuntime()?.kernels.shared).toBe(true);
    const loaded = await loadKernelsAsync();
    expect(loaded.exports.heapBase()).toBeLessThan(65536);
  });

  it('setKernelThreads(n) sets the thread count and rejects anything but an integer in [1, 64]', () => {
    setKernelThreads(3);
    expect(kernelThreads()).toBe(3);
    for (const bad of [0, 65, 1.5, Number.NaN]) expect(() => setKernelThreads(bad)).toThrow(XentError);
    expect(() => setKernelThreads(0)).toThrow(
      'setKernelThreads: invalid threads: 0; use an integer in [1, 64]',
    );
    setKernelThreads(2);
  });
});

describe('allocateKernelArray', () => {
  it('allocateKernelArray(n) is a zeroed Float32Array the kernels read in place, gradient included', () => {
    const random = seeded(3);
    const rows = 40;
    const classes = 300;
    const source = randomLogits(random, rows * classes);
    const targets = Int32Array.from({ length: rows }, () => Math.floor(random() * classes));
    const logits = allocateKernelArray(rows * classes);
    expect(isKernelArray(logits)).toBe(true);
    expect(isKernelArray(source)).toBe(false);
    expect(logits.every((v) => v === 0)).toBe(true);
    logits.set(source);
    const expected = crossEntropyIndexReference(source, rows, classes, targets, {}, () => 1 / rows);
    const result = crossEntropyIndexKernel(
      logits,
      rows,
      classes,
      targets,
      {},
      { out: logits, scale: 1 / rows },
    );
    expectClose(result!.rowLoss, expected.rowLoss, { rtol: 1e-5, label: 'rowLoss' });
    expectClose(logits, expected.grad, { rtol: 1e-5, atol: 1e-9, label: 'grad' });
    freeKernelArray(logits);
    freeKernelArray(source);
    const again = allocateKernelArray(rows * classes);
    expect(again.byteOffset).toBe(logits.byteOffset);
    expect(again.every((v) => v === 0)).toBe(true);
    freeKernelArray(again);
  });

  it('allocateKernelArray rejects a negative or fractional length', () => {
    expect(() => allocateKernelArray(-1)).toThrow(XentError);
    expect(() => allocateKernelArray(2.5)).toThrow('allocateKernelArray: invalid length: 2.5');
  });
  it('allocateKernelArray(1e12) throws INVALID_OPTION naming the limit, not a raw RangeError (issue #12)', () => {
    const error = thrown(() => allocateKernelArray(1e12));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      'allocateKernelArray: invalid length: 1000000000000; use an integer in [0, 1073725440]',
    );
    // The limit is wasm32's 4 GiB less the first 64 KiB page, in float32 values.
    expect(MAX_KERNEL_ARRAY_LENGTH).toBe((2 ** 32 - 2 ** 16) / 4);
  });

  it('allocateKernelArray turns a memory that cannot grow (a RangeError) into OUT_OF_MEMORY', () => {
    const runtime = kernelRuntime()!;
    expect(runtime.kernels.shared).toBe(true);
    const grow = vi.spyOn(runtime.allocator, 'allocate').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      const error = thrown(() => allocateKernelArray(1000));
      expect(error.code).toBe('OUT_OF_MEMORY');
      expect(error.message).toBe(
        'allocateKernelArray: cannot allocate 1000 float32 values (4000 bytes): WebAssembly.Memory.grow(): Maximum memory size exceeded; free arrays no longer used, or use a smaller batch',
      );
    } finally {
      grow.mockRestore();
    }
  });

  it('freeKernelArray twice throws INVALID_INPUT; an array never allocated is still ignored', () => {
    const array = allocateKernelArray(16);
    freeKernelArray(array);
    const error = thrown(() => freeKernelArray(array));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(
      'freeKernelArray: array was already freed; free each array from allocateKernelArray once',
    );
    expect(() => freeKernelArray(new Float32Array(4))).not.toThrow();
    expect(thrown(() => freeKernelArray([1, 2] as never)).code).toBe('INVALID_INPUT');
  });

  it('a freed array is refused by a loss, as input or as out, before anything is computed (issue #12)', () => {
    const logits = allocateKernelArray(4);
    logits.set([2, 0, 0, 1]);
    expect(crossEntropyLoss({ data: logits, shape: [2, 2] }, [0, 1])).toBeCloseTo(0.2200948, 6);
    freeKernelArray(logits);
    expect(isKernelArray(logits)).toBe(false);
    const reused = allocateKernelArray(4);
    const message =
      'crossEntropyLoss: input is an array already given to freeKernelArray, so its memory may hold another array now; allocate a new one with allocateKernelArray';
    expect(thrown(() => crossEntropyLoss({ data: logits, shape: [2, 2] }, [0, 1])).message).toBe(message);
    expect(thrown(() => crossEntropyLoss(logits, 0)).code).toBe('INVALID_INPUT');
    expect(thrown(() => softmax(logits)).argument).toBe('x');
    const out = thrown(() =>
      crossEntropyLossWithGrad({ data: reused, shape: [2, 2] }, [0, 1], { out: logits }),
    );
    expect(out.argument).toBe('out');
    freeKernelArray(reused);
  });
});

describe('Allocator when the memory cannot grow', () => {
  it('a block the memory cannot grow to leaves the free list as it was', () => {
    let limit = 1024;
    const allocator = new Allocator(0, (end) => {
      if (end > limit) throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    const a = allocator.allocate(256);
    const b = allocator.allocate(256);
    allocator.release(b);
    expect(() => allocator.allocate(2048)).toThrow(RangeError);
    limit = 4096;
    // The freed block at the top is still known: the next allocation starts there.
    expect(allocator.allocate(256)).toBe(b);
    expect(a).toBe(0);
  });
});

function thrown(call: () => unknown): XentError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(XentError);
    return error as XentError;
  }
  throw new Error('expected a XentError, got a result');
}

describe('Allocator', () => {
  it('reuses freed blocks first-fit, merges neighbours and grows only past the top', () => {
    const grown: number[] = [];
    const allocator = new Allocator(1000, (end) => grown.push(end));
    const a = allocator.allocate(100);
    const b = allocator.allocate(100);
    const c = allocator.allocate(100);
    expect([a, b, c]).toEqual([1024, 1152, 1280]);
    allocator.release(a);
    allocator.release(b);
    expect(allocator.allocate(200)).toBe(1024);
    allocator.release(c);
    allocator.release(1024);
    allocator.release(1024);
    expect(allocator.allocate(500)).toBe(1024);
    expect(allocator.highWater).toBe(1536);
    expect(grown.at(-1)).toBe(1536);
  });
});

describe('worker source', () => {
  it.each([[[]], [['--input-type=module']]])(
    'nodeWorkerSource starts as a CommonJS or an ES module eval (execArgv %j)',
    async (execArgv) => {
      const runtime = kernelRuntime()!;
      const address = runtime.allocator.allocate(SLOT_BYTES);
      const slot = runtime.i32(address, SLOT_BYTES / 4);
      slot.fill(0);
      const { module, memory } = runtime.kernels;
      const worker = new Worker(nodeWorkerSource, {
        eval: true,
        workerData: { module, memory, address },
        execArgv,
      });
      try {
        const started = Date.now();
        while (Atomics.load(slot, READY) !== 1 && Date.now() - started < 10_000) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(Atomics.load(slot, READY)).toBe(1);
      } finally {
        await worker.terminate();
        runtime.allocator.release(address);
      }
    },
  );
});
