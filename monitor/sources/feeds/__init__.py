"""sources/feeds: see docs/architecture.md."""
