/** The functions the WASM module exports (assembly/index.ts); addresses are byte offsets. */
export interface KernelExports {
  ceIndexForward(
    x: number,
    rows: number,
    classes: number,
    targets: number,
    ignoreIndex: number,
    weight: number,
    smoothing: number,
    weightTotal: number,
    rowLoss: number,
  ): number;
  ceIndexGrad(
    x: number,
    grad: number,
    rows: number,
    classes: number,
    targets: number,
    ignoreIndex: number,
    weight: number,
    smoothing: number,
    weightTotal: number,
    rowLoss: number,
    rowScale: number,
    scale: number,
  ): number;
  ceProbForward(
    x: number,
    probs: number,
    rows: number,
    classes: number,
    weight: number,
    smoothing: number,
    rowLoss: number,
  ): number;
  ceProbGrad(
    x: number,
    probs: number,
    grad: number,
    rows: number,
    classes: number,
    weight: number,
    smoothing: number,
    rowLoss: number,
    rowScale: number,
    scale: number,
  ): number;
  bceLogits(
    x: number,
    z: number,
    rows: number,
    labels: number,
    weight: number,
    posWeight: number,
    rowLoss: number,
    elements: number,
  ): void;
  bceLogitsGrad(
    x: number,
    z: number,
    grad: number,
    rows: number,
    labels: number,
    weight: number,
    posWeight: number,
    rowLoss: number,
    gradOutput: number,
    scale: number,
  ): void;
  softmaxRows(x: number, out: number, rows: number, classes: number): number;
  logSoftmaxRows(x: number, out: number, rows: number, classes: number): number;
  logSumExpRows(x: number, rows: number, classes: number, out: number): void;
  entropyRows(probs: number, rows: number, classes: number, out: number): void;
  expArray(x: number, out: number, n: number): void;
  firstOutsideUnit(p: number, n: number): number;
  heapBase(): number;
}

export type KernelName = Exclude<keyof KernelExports, 'heapBase'>;
