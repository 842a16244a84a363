// The FP32 peak of one core of this CPU, for the benches that report "% of peak": FLOP per cycle from the
// vector units the CPU family has, times the clock. Two clocks, because a KVM guest's /proc/cpuinfo shows the
// nominal one while the core may run faster (boost): the nominal clock, and the clock measured here by timing
// a chain of dependent integer additions (each waits for the one before, so one retires per cycle).
import { readFileSync } from 'node:fs';

export interface CpuPeak {
  /** FP32 FLOP per cycle of one core. */
  perCycle: number;
  /** GFLOP/s of one core at the nominal clock (/proc/cpuinfo). */
  nominal: number;
  /** GFLOP/s of one core at the measured clock. */
  measured: number;
  nominalMhz: number;
  measuredMhz: number;
  /** One markdown sentence: the CPU, both clocks, the FLOP/cycle and why. */
  text: string;
}

/** FLOP per cycle and why, from the vendor, family and flags (2 FLOP per lane for an FMA). */
function flopPerCycle(vendor: string, family: number, flags: string[]): [number, string] {
  if (flags.includes('avx512f')) {
    if (vendor === 'AuthenticAMD' && family === 25) return [32, 'Zen 4: AVX-512 on 256-bit units, 2 FMA x 8 FP32 lanes x 2'];
    if (vendor === 'AuthenticAMD' && family >= 26)
      return [64, 'Zen 5 (family 26, server part): full-width AVX-512, 2 FMA units x 16 FP32 lanes x 2'];
    return [64, 'AVX-512: 2 FMA units x 16 FP32 lanes x 2 (assumed: Xeon Gold/Platinum class; Silver/Bronze have 1 unit)'];
  }
  if (flags.includes('fma')) return [32, 'AVX2: 2 FMA units x 8 lanes x 2'];
  return [8, 'SSE: 4 lanes x 2 units'];
}

/** Dependent integer operations per second: 8 per iteration, each needing the previous result. */
function chain(n: number, a: number, b: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) {
    x = (x + a) | 0;
    x = x ^ b;
    x = (x + a) | 0;
    x = x ^ b;
    x = (x + a) | 0;
    x = x ^ b;
    x = (x + a) | 0;
    x = x ^ b;
  }
  return x;
}

/** The core's clock in MHz: the fastest of many short timings (a shared machine's load only slows some). */
export function measuredMhz(tries = 200, iterations = 1e5): number {
  chain(1e5, 3, 5); // let the JIT compile the loop first
  let best = 0;
  for (let t = 0; t < tries; t++) {
    const t0 = process.hrtime.bigint();
    chain(iterations, 3, 5);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, (8 * iterations) / s / 1e6);
  }
  return best;
}

export function cpuPeak(): CpuPeak {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const field = (name: string) => new RegExp(`${name}\\s*:\\s*(.*)`).exec(info)?.[1]?.trim();
  const nominalMhz = Number(field('cpu MHz') ?? 0);
  const flags = field('flags')?.split(' ') ?? [];
  const vendor = field('vendor_id') ?? '';
  const family = Number(field('cpu family') ?? 0);
  const model = field('model name') ?? 'unknown CPU';
  const [perCycle, why] = flopPerCycle(vendor, family, flags);
  const mhz = measuredMhz();
  const nominal = (nominalMhz / 1000) * perCycle,
    measured = (mhz / 1000) * perCycle;
  const int8 = flags.includes('amx_int8')
    ? ', AMX-INT8 and AVX512-VNNI present'
    : flags.includes('avx512_vnni')
      ? ', AVX512-VNNI present'
      : '';
  return {
    perCycle,
    nominal,
    measured,
    nominalMhz,
    measuredMhz: mhz,
    text:
      `${model} (${vendor} family ${family})${int8}; nominal clock ${nominalMhz.toFixed(0)} MHz as /proc/cpuinfo reports it, ` +
      `measured ${mhz.toFixed(0)} MHz while this bench ran (a chain of dependent integer additions, one per cycle, fastest of 200 timings of ~0.2 ms, short enough that some fall between the time slices of other processes on the core: ` +
      `the guest's core runs above its nominal clock). FP32 peak of ONE core = clock x ${perCycle} FLOP/cycle (${why}) = ` +
      `**${nominal.toFixed(1)} GFLOP/s at the nominal clock** (the "% of peak" column and the goal), ${measured.toFixed(1)} GFLOP/s at the ` +
      `measured one (the "% of measured-clock peak" column); the rows run on one thread.`,
  };
}
