// Node's own modules without an import statement: `process.getBuiltinModule` (Node ≥ 20.16) is
// undefined in browsers, so the same code runs there and no bundler tries to resolve `node:fs`.

/** The Node builtin `name`, or undefined outside Node. */
export function nodeBuiltin<T>(name: string): T | undefined {
  const getter = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  return typeof getter === 'function' ? (getter(name) as T | undefined) : undefined;
}
