"""Operating monitor: its status, problems, metrics and health."""
