import { openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest, WorkerSetup } from './parallel.js';
import { scanRange } from './ranges.js';
import { RowEvaluator } from './rows.js';

// One of `xent eval`'s reading threads: it reads the byte ranges it is sent into its own meter
// and, when told to finish, sends the meter's state back to be merged.
const setup = workerData as WorkerSetup;
const port = parentPort as NonNullable<typeof parentPort>;
const evaluator = new RowEvaluator(setup.settings);
evaluator.header(setup.names);
const fd = openSync(setup.settings.file, 'r');
const send = (message: WorkerMessage) => port.postMessage(message);

port.on('message', (request: WorkerRequest) => {
  try {
    if (request.kind === 'range') {
      const rowsBefore = evaluator.rowsRead;
      const outcome = scanRange(fd, request.range, evaluator, setup.range);
      send({ kind: 'range', index: request.index, outcome, rows: evaluator.rowsRead - rowsBefore });
    } else {
      evaluator.flush();
      send({ kind: 'done', part: evaluator.part() });
    }
  } catch (error) {
    send({ kind: 'failed', message: (error as Error).message });
  }
});
