"""Benchmarks of hrc-bot: answer quality against a naive baseline, speed, memory, throughput.

Not part of the test run (DESIGN.md: speed and memory are measured here, not asserted in timed
tests). Run `python benchmarks/run.py` from a source checkout; it rewrites benchmarks/RESULTS.md.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
