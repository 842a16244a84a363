// An ARC-AGI-1 evaluation task (fchollet/ARC-AGI, Apache-2.0, see examples/ATTRIBUTION.md).
// The bundled ARC model does not solve it (models/arc-10x10.md); its answer is compared with the expected output.
arc 66e6c45b
  train
    input 4x4
      0 0 0 0
      0 3 4 0
      0 7 6 0
      0 0 0 0
    output 4x4
      3 0 0 4
      0 0 0 0
      0 0 0 0
      7 0 0 6
  train
    input 4x4
      0 0 0 0
      0 5 6 0
      0 8 3 0
      0 0 0 0
    output 4x4
      5 0 0 6
      0 0 0 0
      0 0 0 0
      8 0 0 3
  test
    input 4x4
      0 0 0 0
      0 2 3 0
      0 4 9 0
      0 0 0 0
    output 4x4
      2 0 0 3
      0 0 0 0
      0 0 0 0
      4 0 0 9
