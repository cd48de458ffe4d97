"""Golden-fixture generators for xent, one module per function family (see docs/FIXTURES.md)."""
