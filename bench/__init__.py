"""Benchmarks for carecommons, run by `make bench` (`python -m bench`). See bench/README.md."""
