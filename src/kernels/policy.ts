// When the public functions take the kernels. Shared by every dispatcher (class losses, BCE,
// activations, entropy, range checks).

/**
 * Inputs with fewer elements take the plain-TS path, whose per-call cost is lower; tests set it
 * to 0 to run every case through the kernels. `calls` counts the calls the kernels took.
 */
export const kernelPolicy = { minElements: 4096, calls: 0 };
