// Training throughput of training/ (PyTorch, CPU) per model configuration: puzzle-steps/s, i.e. batch slots x
// optimizer steps per second, where one optimizer step runs one supervision step for every slot (T-1 cycles
// without gradient, one with), backward, AdamW and the EMA update; plus no-grad evaluation throughput.
// Spawns /usr/bin/python3 -m training.scripts.bench_train (from the repository root); prints a note instead when python3-torch is absent.
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
  blas?: string;
  train_puzzle_steps_per_s: number;
  eval_puzzle_steps_per_s: number;
  train_gflops: number;
  eval_gflops: number;
}

interface Peak {
  model: string;
  mhz: number;
  cores: number;
  simd: string;
  flop_per_cycle: number;
  peak_gflops_per_core: number;
  amx_bf16: boolean;
}

let peak: Peak | undefined;

function run(threads: number, only?: string, bf16 = false): Row[] {
  const args = ['-m', 'training.scripts.bench_train', '--seconds', SECONDS, '--threads', String(threads)];
  if (only) args.push('--only', only);
  if (bf16) args.push('--bf16');
  const r = spawnSync(PY, args, {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`bench_train.py failed: ${r.stderr.slice(-2000)}`);
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  for (const l of lines) if (l.cpu_peak) peak = l.cpu_peak as Peak;
  return lines.filter((l) => !l.cpu_peak) as Row[];
}

const out: string[] = ['## Training throughput (training/, PyTorch on CPU)', ''];
const torchOk = existsSync(PY) && spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!torchOk) {
  out.push(`Not measured: ${PY} with python3-torch is not available on this machine.`);
} else {
  // 1 thread for every config (on a shared machine 2 OpenMP threads wait on busy cores), 2 for the fixture row
  const rows = [...run(1), ...run(2, 'fixture'), ...run(1, 'maze30', true)];
  out.push(
    "One optimizer step = one supervision step for every batch slot (the reference's carried-state deep",
    'supervision). puzzle-steps/s = slots x optimizer steps / s. "eval" = no-grad supervision steps (T full',
    'cycles) per second, as the editor runs them through PyTorch; the ONNX engine has its own section.',
    'Goal: the small-grid configs train a model that solves most held-out puzzles within a CPU sitting',
    '(tens of minutes); the paper-size row shows why 9x9 at D = 512 needs an accelerator (~50M puzzle-steps);',
    'training reaches >= 25% of the FP32 peak of the core it runs on. The machine is shared with other jobs while',
    'this runs, so every number is a lower bound of what an idle core does.',
    '',
  );
  const per = peak?.peak_gflops_per_core ?? 0;
  if (peak) {
    out.push(
      `FP32 peak of this CPU (${peak.model}, ${peak.cores} cores, ${peak.simd}, ${peak.mhz.toFixed(0)} MHz from /proc/cpuinfo; lscpu`,
      `reports no clock): cores x clock x FLOP/cycle, assuming 2 FMA units per core: ${peak.flop_per_cycle} FP32 FLOP/cycle`,
      `(2 units x ${peak.flop_per_cycle / 4} lanes x 2) = **${per} GFLOP/s per core, ${(per * peak.cores).toFixed(1)} GFLOP/s for the machine**.`,
      `The clock is the nominal one (turbo and AVX-512 down-clocking change it). AMX-BF16: ${peak.amx_bf16 ? 'present' : 'absent'}.`,
      'GFLOP/s counts the matmuls and convolutions analytically (training/scripts/bench_train.py: 2 FLOP per multiply-add,',
      'backward = 2x the forward of the differentiated cycle; norms, activations, AdamW not counted), so it is a lower',
      'bound; "% of peak" is against ONE core, since every row but the 2-thread one runs one thread.',
      '',
    );
  }
  out.push(
    '| config | params | batch | threads | train puzzle-steps/s | train GFLOP/s | % of 1-core peak | eval puzzle-steps/s | eval GFLOP/s |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  const pct = (g: number) => (per ? `${((100 * g) / per).toFixed(0)}%` : '?');
  for (const r of rows) {
    out.push(
      `| ${r.config} | ${r.params.toLocaleString('en-US')} | ${r.batch} | ${r.threads} | ${r.train_puzzle_steps_per_s} | ${r.train_gflops} | ${pct(r.train_gflops)} | ${r.eval_puzzle_steps_per_s} | ${r.eval_gflops} |`,
    );
  }
  out.push(
    '',
    `torch ${rows[0]?.torch ?? '?'}, ${SECONDS} s per config (TRAINING_BENCH_SECONDS), OPENBLAS_NUM_THREADS=1; ${rows[0]?.blas ?? 'OpenBLAS kernels not reported'}.`,
    'On a loaded shared machine 2 threads can be much slower than 1 (train.py --threads): compare the two fixture rows.',
  );
}
console.log(out.join('\n'));
