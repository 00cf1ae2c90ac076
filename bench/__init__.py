"""Benchmarks: ``python -m bench`` (``make bench``). Never part of the test run."""
