"""Entry points outside the train / export / bundle pipeline: one-off runs and measurements, run from the
repository root as `python3 -m training.scripts.NAME`. Nothing in the package imports them."""
