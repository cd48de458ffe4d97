// A Node module-resolution hook for TF.js's ESM files, whose relative imports have no '.js'
// (written for bundlers). Only used to load tfjs-core's gradient registrations in the benchmark.
export async function resolve(specifier, context, next) {
  if (
    specifier.startsWith('.') &&
    !/\.[cm]?js$/.test(specifier) &&
    context.parentURL?.includes('@tensorflow')
  ) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
  return next(specifier, context);
}
