"""Benchmarks of the zowe-ha kit (``make bench``)."""
