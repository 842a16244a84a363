"""Grid Reasoner's Tiny Recursive Model training: data, model, training, evaluation, ONNX export and bundling.

A package (training/README.md has the code map): run its entry points from the repository root as modules,
e.g. `/usr/bin/python3 -m training.train --help`; inside it, imports are relative. Importing the package
imports nothing else of it but `blas` (so `python3 -m training.NAME` runs NAME only once), which picks the
OpenBLAS kernels for this CPU before any module loads torch.
"""
from . import blas

blas.choose_kernels()
