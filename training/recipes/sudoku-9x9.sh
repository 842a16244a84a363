#!/bin/sh
# The sudoku-9x9 training run: rerun this same command in every sitting; it resumes from
# training/runs/sudoku-9x9/last.pt, or, in a fresh checkout, from the committed training/checkpoints/sudoku-9x9.pt
# of the last sitting.
#   nice -n 19 sh training/recipes/sudoku-9x9.sh            (SITTING_S=seconds for this sitting, default 4800)
# One thread on purpose: the machine's other core serves everything else.
# The pool (24,000 puzzles, seeded, so a fresh checkout regenerates the same one: about 15 minutes) spreads the
# givens over the range published puzzles use (0 = minimal puzzle, 22-26 givens) plus some 40-givens ones;
# every draw is augmented again on the fly (digits, transpose, bands, stacks, rows, columns).
# bf16 compute (fp32 weights, norms and loss, as the reference trains) where the CPU does bf16 arithmetic
# (AVX512_BF16 or AMX): 1.7-2x the fp32 speed there; elsewhere PyTorch emulates it, 12-15x slower than fp32 (an
# AVX2 Zen 3, training/scripts/bench_train.py), so those machines train in fp32. Depth curriculum: T=2 n=2 first (a quarter of the cost of a step), then the model's T=3 n=4.
set -e
if grep -q -E 'avx512_bf16|amx_bf16' /proc/cpuinfo; then DTYPE=bf16; else DTYPE=fp32; fi
cd "$(dirname "$0")/../.."   # the repository root: the training package runs as `python3 -m training.NAME`
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
POOL=training/runs/data/sudoku-9x9-graded.npz
[ -f "$POOL" ] ||
    /usr/bin/python3 -m training.data.pools sudoku 9 --count 24000 --aug 1 --seed 7 \
        --min-givens 0 26 28 30 32 34 36 40 --out "$POOL"
[ -f training/runs/ds/sudoku-9x9/dataset.json ] ||
    /usr/bin/python3 -m training.data.dataset_dir sudoku 9 "$POOL" training/runs/ds/sudoku-9x9 --csv-eval
exec /usr/bin/python3 -m training.train --data training/runs/ds/sudoku-9x9 --out training/runs/sudoku-9x9 \
    --resume-from training/checkpoints/sudoku-9x9.pt \
    --variant mlp --hidden 64 --layers 2 --T 3 --n 4 --prefix-len 1 --max-steps 16 \
    --batch 128 --lr 2e-3 --warmup 200 --schedule cosine --steps 12000 --lr-min-ratio 0.05 --ema 0.999 \
    --depth-schedule 2x2@0,3x4@1500 --dtype "$DTYPE" \
    --threads 1 --time "${SITTING_S:-4800}" --ckpt-every 300 --log-every 60 \
    --eval-every 500 --eval-batch 300
