"""OpenBLAS kernels for this CPU, chosen before torch loads OpenBLAS.

OpenBLAS picks its kernels from the CPU's family and model when it loads. A build older than the CPU can take it for
an SSE3-era core: Debian's 0.3.21 takes an Emerald Rapids Xeon (family 6, model 207) for a Prescott, so torch's fp32
products ran 3.5x slower than with the library's AVX-512 kernels (one core, 776x512x3072: 36 against 125 GFLOP/s), and
fp32 training as much slower (docs/benchmarks.md). So where the library names an SSE-era core on a CPU that has AVX2,
OPENBLAS_CORETYPE is set to the kernels the CPU's flags allow; the library's own choice is kept everywhere else, and a
value the user set is never changed. The variable is read when the library loads, so the library is asked in a child
process (about 30 ms, only on CPUs with AVX2 and only when the variable is unset).
"""
from __future__ import annotations

import os
import subprocess
import sys
from typing import Iterable, MutableMapping, Optional

# OpenBLAS's names for cores whose kernels are SSE at most: none of them is right for a CPU with AVX2.
SSE_ERA_CORES = frozenset({
    "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom",
    "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Bobcat", "Nano",
})

_ASK = ("import ctypes\n"
        "lib = ctypes.CDLL('libopenblas.so.0')\n"
        "lib.openblas_get_corename.restype = ctypes.c_char_p\n"
        "print(lib.openblas_get_corename().decode())\n")

# What this process decided, for the logs: (the core OpenBLAS named, the kernels set instead), or None.
chosen: Optional[tuple] = None


def cpu_flags() -> frozenset:
    try:
        with open("/proc/cpuinfo", encoding="utf8") as f:
            for line in f:
                if line.startswith("flags"):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def kernels_for(flags: Iterable[str]) -> Optional[str]:
    """The widest OpenBLAS kernels the CPU's flags allow (None below AVX2: nothing to correct there)."""
    f = set(flags)
    if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= f:
        return "SkylakeX"
    if {"avx2", "fma"} <= f:
        return "Haswell"
    return None


def core_to_force(reported: Optional[str], flags: Iterable[str]) -> Optional[str]:
    """OPENBLAS_CORETYPE to set when OpenBLAS `reported` an SSE-era core for a CPU with these flags, else None."""
    if reported is None or reported not in SSE_ERA_CORES:
        return None
    return kernels_for(flags)


def reported_core(env: Optional[MutableMapping[str, str]] = None) -> Optional[str]:
    """The core OpenBLAS names when it loads with `env` (None when there is no OpenBLAS to ask)."""
    try:
        out = subprocess.run([sys.executable, "-c", _ASK], env=dict(env if env is not None else os.environ),
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() or None


def choose_kernels(env: MutableMapping[str, str] = os.environ) -> Optional[str]:
    """Sets OPENBLAS_CORETYPE in `env` when OpenBLAS would misjudge this CPU (see the module's docstring); returns
    the value it set, or None. Call before torch (or numpy with OpenBLAS) is imported."""
    global chosen
    if "OPENBLAS_CORETYPE" in env or not sys.platform.startswith("linux"):
        return None
    flags = cpu_flags()
    if kernels_for(flags) is None:
        return None
    reported = reported_core(env)
    force = core_to_force(reported, flags)
    if force is not None:
        env["OPENBLAS_CORETYPE"] = force
        chosen = (reported, force)
    return force


def describe() -> str:
    """One line for a log: the kernels this process set, or that OpenBLAS's own choice stands."""
    if chosen is None:
        return f"OpenBLAS kernels: {os.environ.get('OPENBLAS_CORETYPE', 'its own choice for this CPU')}"
    return (f"OpenBLAS kernels: {chosen[1]} (OPENBLAS_CORETYPE set: the library took this CPU for a {chosen[0]}, "
            "whose SSE kernels are several times slower)")
