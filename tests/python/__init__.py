"""The Python tests of training/ (a package, so that they import `training` and each other without sys.path
edits): run from the repository root by tests/training.test.ts and tests/python/data.test.ts."""
