"""training/blas.py: OpenBLAS's SSE-era guess for a newer CPU is replaced by the kernels the CPU's flags allow."""
import ctypes
import unittest

from tests.python import common  # noqa: F401  (imports training, then torch, as every test does)
from training import blas

AVX512 = {"sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"}
AVX2 = {"sse3", "avx", "avx2", "fma"}


class CoreToForceTest(unittest.TestCase):
    def test_an_sse_era_guess_on_an_avx512_cpu_gets_the_avx512_kernels(self):
        self.assertEqual(blas.core_to_force("Prescott", AVX512), "SkylakeX")

    def test_an_sse_era_guess_on_an_avx2_cpu_gets_the_avx2_kernels(self):
        self.assertEqual(blas.core_to_force("Nehalem", AVX2), "Haswell")

    def test_a_right_or_newer_guess_is_kept(self):
        for core in ("SkylakeX", "Cooperlake", "Haswell", "Zen", "SapphireRapids"):
            self.assertIsNone(blas.core_to_force(core, AVX512), core)

    def test_a_cpu_without_avx2_is_left_alone(self):
        self.assertIsNone(blas.core_to_force("Prescott", {"sse3", "avx"}))

    def test_no_openblas_to_ask_changes_nothing(self):
        self.assertIsNone(blas.core_to_force(None, AVX512))

    def test_a_value_the_user_set_is_never_changed(self):
        env = {"OPENBLAS_CORETYPE": "Haswell"}
        self.assertIsNone(blas.choose_kernels(env))
        self.assertEqual(env, {"OPENBLAS_CORETYPE": "Haswell"})


class LoadedKernelsTest(unittest.TestCase):
    def test_torch_runs_openblas_kernels_as_wide_as_this_cpu_allows(self):
        # The library torch loaded in this process (common imported training first, so blas chose before it).
        try:
            lib = ctypes.CDLL("libopenblas.so.0")
        except OSError:
            self.skipTest("SKIPPED: no libopenblas.so.0 on this machine")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        core = lib.openblas_get_corename().decode()
        if blas.kernels_for(blas.cpu_flags()) is None:
            self.skipTest(f"SKIPPED: this CPU has no AVX2 (OpenBLAS runs {core})")
        self.assertNotIn(core, blas.SSE_ERA_CORES, blas.describe())


if __name__ == "__main__":
    unittest.main()
