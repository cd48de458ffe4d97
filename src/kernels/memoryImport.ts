// The kernels ship as one binary whose memory import is unshared. The worker pool needs the same
// module over a SharedArrayBuffer, and WebAssembly links an import only when its "shared" flag
// matches the memory's, so a sharing loader sets that flag: one byte in the import section
// (binary format 5.5.10 limits: 0x00 min, 0x01 min max, 0x03 min max shared). scripts/build-wasm.mjs
// checks that asc's shared build differs from the plain one in exactly this byte.

const IMPORT_SECTION = 2;
const MEMORY_KIND = 2;
const SHARED = 0x02;

function fail(why: string): never {
  throw new Error(`xent kernels: cannot share this module's memory: ${why}`);
}

/** A copy of `binary` whose imported memory is shared (it must have a maximum, as ours does). */
export function withSharedMemory(binary: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(binary);
  let at = 8; // past the magic number and the version
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const skipName = (): void => {
    const length = leb();
    at += length;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    if (id !== IMPORT_SECTION) {
      at += size;
      continue;
    }
    for (let count = leb(); count > 0; count--) {
      skipName();
      skipName();
      const kind = bytes[at++];
      if (kind === MEMORY_KIND) {
        if ((bytes[at] & 0x01) === 0) fail('the imported memory has no maximum');
        bytes[at] |= SHARED;
        return bytes;
      }
      // A function names a type; a table has a reference type and limits; a global a value type
      // and mutability. (Tags, from the exception-handling proposal, asc does not emit.)
      if (kind === 0) leb();
      else if (kind === 1) {
        at++;
        const flags = bytes[at++];
        leb();
        if (flags & 0x01) leb();
      } else if (kind === 3) at += 2;
      else fail(`import kind ${kind} is not read here`);
    }
    break;
  }
  return fail('it imports no memory');
}
