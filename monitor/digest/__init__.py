"""digest: see docs/architecture.md."""
