"""analysis/regions: see docs/architecture.md."""
