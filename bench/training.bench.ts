// Training throughput of training/ (PyTorch, CPU) per model configuration: puzzle-steps/s, i.e. batch slots x
// optimizer steps per second, where one optimizer step runs one supervision step for every slot (T-1 cycles
// without gradient, one with), backward, AdamW and the EMA update; plus no-grad evaluation throughput.
// Spawns /usr/bin/python3 training/bench_train.py; prints a note instead when python3-torch is absent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PY = process.env.GRID_REASONER_PYTHON ?? '/usr/bin/python3';
const SECONDS = process.env.TRAINING_BENCH_SECONDS ?? '4';

interface Row {
  config: string;
  params: number;
  batch: number;
  threads: number;
  torch: string;
  train_puzzle_steps_per_s: number;
  eval_puzzle_steps_per_s: number;
}

function run(threads: number, only?: string): Row[] {
  const args = ['training/bench_train.py', '--seconds', SECONDS, '--threads', String(threads)];
  if (only) args.push('--only', only);
  const r = spawnSync(PY, args, {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bench_train.py failed: ${r.stderr.slice(-2000)}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Row);
}

const out: string[] = ['## Training throughput (training/, PyTorch on CPU)', ''];
const torchOk = existsSync(PY) && spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!torchOk) {
  out.push(`Not measured: ${PY} with python3-torch is not available on this machine.`);
} else {
  // 1 thread for every config (on a shared machine 2 OpenMP threads wait on busy cores), 2 for the fixture row
  const rows = [...run(1), ...run(2, 'fixture')];
  out.push(
    'One optimizer step = one supervision step for every batch slot (the reference\'s carried-state deep',
    'supervision). puzzle-steps/s = slots x optimizer steps / s. "eval" = no-grad supervision steps (T full',
    'cycles) per second, as the editor runs them through PyTorch; the ONNX engine has its own section.',
    'Goal: the small-grid configs train a model that solves most held-out puzzles within a CPU sitting',
    '(tens of minutes); the paper-size row shows why 9x9 at D = 512 needs an accelerator (~50M puzzle-steps).',
    '',
    '| config | params | batch | threads | train puzzle-steps/s | eval puzzle-steps/s |',
    '|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    out.push(`| ${r.config} | ${r.params.toLocaleString('en-US')} | ${r.batch} | ${r.threads} | ${r.train_puzzle_steps_per_s} | ${r.eval_puzzle_steps_per_s} |`);
  }
  out.push('', `torch ${rows[0]?.torch ?? '?'}, ${SECONDS} s per config (TRAINING_BENCH_SECONDS), OPENBLAS_NUM_THREADS=1.`,
    'On a loaded shared machine 2 threads can be much slower than 1 (train.py --threads): compare the two fixture rows.');
}
console.log(out.join('\n'));
