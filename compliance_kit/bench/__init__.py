"""Benchmarks run by ``compliance-kit bench``: measured side by side in one run, never asserted."""
