"""The production settings plus a throwaway bare view; only scripts/benchmark.py loads this module."""

from istog_consult.settings import *  # noqa: F403 - the very settings being measured, with one URL more

ROOT_URLCONF = "benchmark_site.urls"
# The main domain (with several municipalities) answers /bare/ too.
PLATFORM_URLCONF = "benchmark_site.platform_urls"
