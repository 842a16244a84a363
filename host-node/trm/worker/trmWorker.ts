// The worker thread that runs inference off the main thread (bundled as dist/trmWorker.js).
// It hosts one TrmService: requests queue, concurrent ones are batched step by step, identical ones
// are shared, finished ones cached.

import { parentPort, workerData } from 'node:worker_threads';
import '../nodeHost';
import { isTrmError } from '../../../core/src/trm/errors';
import { TrmService } from '../../../core/src/trm/service';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

const port = parentPort;
if (!port) throw new Error('trmWorker must run in a worker thread');
const service = new TrmService((workerData ?? {}) as WorkerInit);
const controllers = new Map<number, AbortController>();

function send(m: FromWorker): void {
  port!.postMessage(m);
}

function fail(id: number, e: unknown): void {
  send({ type: 'error', id, ...(isTrmError(e) ? { code: e.code } : {}), message: e instanceof Error ? e.message : String(e) });
}

port.on('message', async (m: ToWorker) => {
  if (m.type === 'cancel') {
    controllers.get(m.id)?.abort();
    return;
  }
  if (m.type === 'dispose') {
    await service.dispose();
    port.close();
    return;
  }
  if (m.type === 'info') {
    try {
      const e = await service.engine(m.model);
      send({
        type: 'info',
        id: m.id,
        info: {
          name: e.model.meta.name,
          kind: e.model.meta.kind,
          hash: e.model.hash,
          provider: e.provider,
          ...(e.providerNote !== undefined ? { providerNote: e.providerNote } : {}),
          maxSteps: e.model.meta.max_steps,
        },
      });
    } catch (e) {
      fail(m.id, e);
    }
    return;
  }
  const controller = new AbortController();
  controllers.set(m.id, controller);
  try {
    const engine = await service.engine(m.model);
    const run = await service.run(m.model, m.puzzle, { ...m.options, signal: controller.signal });
    for await (const step of run) send({ type: 'step', id: m.id, step });
    send({ type: 'done', id: m.id, outcome: await run.outcome, model: engine.model.meta.name });
  } catch (e) {
    fail(m.id, e);
  } finally {
    controllers.delete(m.id);
  }
});
