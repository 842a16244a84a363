// ARC-AGI-1 training tasks (fchollet/ARC-AGI, Apache-2.0, see examples/ATTRIBUTION.md).
// The bundled ARC model does not solve these (0.0% pass@2 on held-out test pairs, models/arc-10x10.md): the
// panel compares its answer with the expected output. ARC answers are never "verified": there are no rules.
arc 007bbfb7
  train
    input 3x3
      0 7 7
      7 7 7
      0 7 7
    output 9x9
      0 0 0 0 7 7 0 7 7
      0 0 0 7 7 7 7 7 7
      0 0 0 0 7 7 0 7 7
      0 7 7 0 7 7 0 7 7
      7 7 7 7 7 7 7 7 7
      0 7 7 0 7 7 0 7 7
      0 0 0 0 7 7 0 7 7
      0 0 0 7 7 7 7 7 7
      0 0 0 0 7 7 0 7 7
  train
    input 3x3
      4 0 4
      0 0 0
      0 4 0
    output 9x9
      4 0 4 0 0 0 4 0 4
      0 0 0 0 0 0 0 0 0
      0 4 0 0 0 0 0 4 0
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 4 0 4 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 0 4 0 0 0 0
  train
    input 3x3
      0 0 0
      0 0 2
      2 0 2
    output 9x9
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 2
      0 0 0 0 0 0 2 0 2
      0 0 0 0 0 0 0 0 0
      0 0 2 0 0 0 0 0 2
      2 0 2 0 0 0 2 0 2
  train
    input 3x3
      6 6 0
      6 0 0
      0 6 6
    output 9x9
      6 6 0 6 6 0 0 0 0
      6 0 0 6 0 0 0 0 0
      0 6 6 0 6 6 0 0 0
      6 6 0 0 0 0 0 0 0
      6 0 0 0 0 0 0 0 0
      0 6 6 0 0 0 0 0 0
      0 0 0 6 6 0 6 6 0
      0 0 0 6 0 0 6 0 0
      0 0 0 0 6 6 0 6 6
  train
    input 3x3
      2 2 2
      0 0 0
      0 2 2
    output 9x9
      2 2 2 2 2 2 2 2 2
      0 0 0 0 0 0 0 0 0
      0 2 2 0 2 2 0 2 2
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 0 0 0 0 0 0
      0 0 0 2 2 2 2 2 2
      0 0 0 0 0 0 0 0 0
      0 0 0 0 2 2 0 2 2
  test
    input 3x3
      7 0 7
      7 0 7
      7 7 0
    output 9x9
      7 0 7 0 0 0 7 0 7
      7 0 7 0 0 0 7 0 7
      7 7 0 0 0 0 7 7 0
      7 0 7 0 0 0 7 0 7
      7 0 7 0 0 0 7 0 7
      7 7 0 0 0 0 7 7 0
      7 0 7 7 0 7 0 0 0
      7 0 7 7 0 7 0 0 0
      7 7 0 7 7 0 0 0 0

arc 0d3d703e
  train
    input 3x3
      3 1 2
      3 1 2
      3 1 2
    output 3x3
      4 5 6
      4 5 6
      4 5 6
  train
    input 3x3
      2 3 8
      2 3 8
      2 3 8
    output 3x3
      6 4 9
      6 4 9
      6 4 9
  train
    input 3x3
      5 8 6
      5 8 6
      5 8 6
    output 3x3
      1 9 2
      1 9 2
      1 9 2
  train
    input 3x3
      9 4 2
      9 4 2
      9 4 2
    output 3x3
      8 3 6
      8 3 6
      8 3 6
  test
    input 3x3
      8 1 3
      8 1 3
      8 1 3
    output 3x3
      9 5 4
      9 5 4
      9 5 4

arc 6150a2bd
  train
    input 3x3
      3 3 8
      3 7 0
      5 0 0
    output 3x3
      0 0 5
      0 7 3
      8 3 3
  train
    input 3x3
      5 5 2
      1 0 0
      0 0 0
    output 3x3
      0 0 0
      0 0 1
      2 5 5
  test
    input 3x3
      6 3 5
      6 8 0
      4 0 0
    output 3x3
      0 0 4
      0 8 6
      5 3 6

arc d037b0a7
  train
    input 3x3
      0 0 6
      0 4 0
      3 0 0
    output 3x3
      0 0 6
      0 4 6
      3 4 6
  train
    input 3x3
      0 2 0
      7 0 8
      0 0 0
    output 3x3
      0 2 0
      7 2 8
      7 2 8
  train
    input 3x3
      4 0 0
      0 2 0
      0 0 0
    output 3x3
      4 0 0
      4 2 0
      4 2 0
  test
    input 3x3
      4 0 8
      0 0 0
      0 7 0
    output 3x3
      4 0 8
      4 0 8
      4 7 8
