// Small Sudoku sizes, written for this project: 4x4 (2x2 boxes) and 6x6 (2x3 boxes: 2 rows, 3 columns).
// The bundled 4x4 and 6x6 models solve both: click Solve with TRM, then Show reasoning trace.
sudoku four 4x4
  givens
    1 . | . .
    . . | 2 .
    ----+----
    . 3 | . .
    . . | . 4
  solution
    1 2 | 4 3
    3 4 | 2 1
    ----+----
    4 3 | 1 2
    2 1 | 3 4

sudoku six 6x6
  givens
    1 . 3 | . . 6
    . 5 . | 1 . .
    ------+------
    2 . . | . 6 .
    . 6 . | . . 1
    ------+------
    . . 2 | . 4 .
    6 . . | 3 . 2
