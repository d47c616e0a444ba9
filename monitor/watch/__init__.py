"""Watch rules: which stored articles name the things an analyst flags (pure matching, the
Watchlist section of a digest, immediate alerts)."""
