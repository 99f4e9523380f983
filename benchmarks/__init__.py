"""Benchmarks: figures printed, nothing asserted (`make bench`)."""
