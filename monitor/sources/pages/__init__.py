"""sources/pages: see docs/architecture.md."""
