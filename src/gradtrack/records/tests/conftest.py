"""Fixtures of the records app's tests (the access trio itself lives in the root conftest)."""
