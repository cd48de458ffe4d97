// A first-fit allocator over the kernels' linear memory. The kernels never allocate; the
// TypeScript side places inputs, outputs and per-row scratch here. Blocks freed after a call are
// found again by the next call of the same size, so a training loop reuses the same addresses
// and the memory stops growing after the first step.

/** Every block starts on a 64-byte boundary (a cache line), so rows of aligned inputs stay aligned. */
export const ALIGN = 64;

interface FreeBlock {
  start: number;
  size: number;
}

export class Allocator {
  /** Free blocks, sorted by address, never adjacent (they are merged). */
  private readonly free: FreeBlock[] = [];
  private readonly sizes = new Map<number, number>();
  private end: number;

  constructor(
    start: number,
    private readonly grow: (bytes: number) => void,
  ) {
    this.end = roundUp(start);
  }

  /** The first address past every block ever handed out (the memory in use, at its peak). */
  get highWater(): number {
    return this.end;
  }

  allocate(bytes: number): number {
    const size = roundUp(Math.max(bytes, 1));
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.size < size) continue;
      const start = block.start;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.start += size;
        block.size -= size;
      }
      this.sizes.set(start, size);
      return start;
    }
    // Extend the top, reusing a free block that ends there.
    const last = this.free[this.free.length - 1];
    const reuseLast = last !== undefined && last.start + last.size === this.end;
    const start = reuseLast ? last.start : this.end;
    // Grow first: if the memory cannot grow, the free list is left as it was.
    this.grow(start + size);
    if (reuseLast) this.free.pop();
    this.end = start + size;
    this.sizes.set(start, size);
    return start;
  }

  release(start: number): void {
    const size = this.sizes.get(start);
    if (size === undefined) return;
    this.sizes.delete(start);
    let i = 0;
    while (i < this.free.length && this.free[i].start < start) i++;
    this.free.splice(i, 0, { start, size });
    const next = this.free[i + 1];
    if (next !== undefined && start + size === next.start) {
      this.free[i].size += next.size;
      this.free.splice(i + 1, 1);
    }
    const previous = this.free[i - 1];
    if (previous !== undefined && previous.start + previous.size === start) {
      previous.size += this.free[i].size;
      this.free.splice(i, 1);
    }
  }
}

function roundUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
