"""analysis/summary: see docs/architecture.md."""
