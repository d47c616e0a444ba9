"""monitor: a regional news monitor and digest generator."""

__version__ = "0.1.0"
