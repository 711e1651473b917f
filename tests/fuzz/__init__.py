"""Fuzzing lawc: random trees, mutated statutes and huge inputs (see README.md)."""
