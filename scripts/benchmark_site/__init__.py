"""Settings and URLs used only by scripts/benchmark.py: the portal plus a bare view to compare with."""
