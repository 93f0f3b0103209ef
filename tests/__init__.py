"""Test suite of the zowe-ha kit."""
