"""Generators of malformed inputs for tests/test_fuzz_readers.py: recipes that turn a valid
file into a broken one (mutations.py), the readers that take them and the commands that read
them (readers.py), and the sandbox a case runs in (sandbox.py)."""
