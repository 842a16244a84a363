// The Node server's two ports of the assistant: models read from files (registry.ts) and run in the inference
// worker thread (host-node/trm), one worker per provider setting.

import type { ModelRunner } from '../../../core/src/assist/catalog';
import type { TrmSettings } from '../../../core/src/protocol/trmMessages';
import { TrmWorkerClient } from '../../../host-node/trm';
import { ModelRegistry } from './registry';

export function workerRunner(settings: () => TrmSettings): ModelRunner {
  let worker: TrmWorkerClient | undefined;
  let provider: string | undefined;
  const current = () => {
    const p = settings().provider;
    if (!worker || provider !== p) {
      void worker?.dispose();
      worker = new TrmWorkerClient({ provider: p });
      provider = p;
    }
    return worker;
  };
  return {
    run: (model, g, options) => current().run(model.path, g, options),
    reset: () => {
      worker = undefined;
    },
    async dispose() {
      const w = worker;
      worker = undefined;
      await w?.dispose();
    },
  };
}

export function nodePorts(): { catalog: ModelRegistry; runner: typeof workerRunner } {
  return { catalog: new ModelRegistry(), runner: workerRunner };
}
