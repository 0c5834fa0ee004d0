"""Text: article text into sentences with exact character offsets, and the Arrow string helpers
that every batch kernel shares. Pure functions; no file I/O."""
