#!/bin/sh
# The maze-30x30 training run: rerun this same command in every sitting; it resumes from
# training/runs/maze-30x30/last.pt, or, in a fresh checkout, from the committed training/checkpoints/maze-30x30.pt
# of the last sitting.
#   nice -n 19 sh training/recipes/maze-30x30.sh            (SITTING_S=seconds for this sitting, default 4800)
# One thread on purpose: the machine's other core serves everything else.
set -e
cd "$(dirname "$0")/../.."   # the repository root: the training package runs as `python3 -m training.NAME`
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# bf16 forward where the CPU multiplies bf16 natively (1.7x the fp32 puzzle-steps/s on a Zen 4 core); fp32 elsewhere,
# where bf16 is emulated and slower.
DTYPE=fp32; grep -qw avx512_bf16 /proc/cpuinfo && DTYPE=bf16
[ -f training/runs/ds/maze-30x30/test_hard.npz ] ||
    /usr/bin/python3 -m training.data.dataset_dir maze 30 stream training/runs/ds/maze-30x30
exec /usr/bin/python3 -m training.train --data training/runs/ds/maze-30x30 --out training/runs/maze-30x30 \
    --resume-from training/checkpoints/maze-30x30.pt \
    --variant conv --hidden 64 --layers 2 --T 3 --n 2 --prefix-len 1 --max-steps 16 \
    --batch 32 --lr 1e-3 --warmup 100 --schedule cosine --steps 20000 --lr-min-ratio 0.1 --ema 0.998 \
    --canvas-schedule 16@0,24@6000,30@8000 --hard-mazes 0.25 \
    --focus-token 2 --focus-weight 1 \
    --dtype "$DTYPE" --device cpu --threads 1 --time "${SITTING_S:-4800}" --ckpt-every 300 --log-every 60 \
    --eval-every 300 --eval-examples 48 --eval-batch 48 --select-also maze-hard-30x30
