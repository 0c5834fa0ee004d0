"""A one-line progress display on stderr: articles done, articles per second and, when the total is
known, the percentage and the time left. It draws only on a terminal."""

from __future__ import annotations

import sys
import time

REDRAW_SECONDS = 0.25


def format_progress(done: int, total: int | None, rate: float) -> str:
    """``12,000/40,000 articles (30%)  850 articles/s  ETA 0:00:33``."""
    text = f"{done:,}" + (f"/{total:,}" if total else "") + " articles"
    if total:
        text += f" ({min(done, total) * 100 // total}%)"
    text += f"  {rate:,.0f} articles/s"
    if total and rate > 0 and done < total:
        text += f"  ETA {_clock((total - done) / rate)}"
    return text


def _clock(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ProgressBar:
    """Call ``update(done)`` as articles are committed and ``close()`` at the end."""

    def __init__(self, *, total: int | None, start: int = 0, stream=None, enabled: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.total = total
        self.start = start
        self.started = time.monotonic()
        self.drawn = 0.0
        self.width = 0

    def update(self, done: int, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.drawn < REDRAW_SECONDS:
            return
        self.drawn = now
        rate = (done - self.start) / max(now - self.started, 1e-9)
        line = format_progress(done, self.total, rate)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self, done: int) -> None:
        if self.enabled:
            self.update(done, force=True)
            self.stream.write("\n")
            self.stream.flush()


def wants_progress(stream, *, quiet: bool) -> bool:
    """Draw only when ``stream`` is a terminal and the user did not ask for quiet."""
    return not quiet and hasattr(stream, "isatty") and stream.isatty()
