"""Benchmarks for docs/performance.md: scripts that print a table, never timed tests.

Importing the benchmark modules registers them; ``python -m bench`` runs them all.
"""
