"""What an instructor watches while `grade batch` runs: progress, the odd submission, a summary.

    graded 23/60 (38%) · 4.1/s · about 9 s left · 1 slow · 1 not graded

* On a terminal that line is redrawn in place (and every second while nothing
  finishes, so the clock moves even when one submission sits in an endless loop);
  elsewhere (CI logs, a file) it is printed as a plain line every `interval`
  seconds and once at the end, so a log shows steady progress without a flood.
* A submission that could not be graded gets a line of its own at once, and so
  does one that took unusually long: `SLOW_FACTOR` times the median so far and
  at least `SLOW_FLOOR` seconds (before `WARM` submissions have finished, only
  `SLOW_FIRST` seconds or more counts), with the functions that timed out.
* `summary()` gives the closing lines: slowest submissions, timeouts, what could
  not be graded.

It only listens to the coordinator's `on_plan` / `on_row` callbacks, so the
grading backends (local pool, Dask) know nothing of it.
"""

from __future__ import annotations

import sys
import threading
import time
from statistics import median
from typing import Callable, TextIO

SLOW_FACTOR = 3.0
SLOW_FLOOR = 5.0  # seconds: below this nothing is "unusually long"
SLOW_FIRST = 30.0  # seconds: the bar before there is a median to compare with
WARM = 3  # submissions finished before the median is trusted
PLAIN_INTERVAL = 10.0  # seconds between progress lines when not on a terminal
TTY_REDRAW = 1.0  # seconds between redraws on a terminal while nothing finishes
SHOWN = 5  # names listed in a summary line


def duration(seconds: float) -> str:
    """`0.4 s`, `31 s`, `2 min 05 s`, `1 h 02 min`: short; tenths only where they matter."""
    if seconds < 9.95:
        return f"{max(0.0, seconds):.1f} s"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _names(names: list[str]) -> str:
    return ", ".join(names[:SHOWN]) + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


class Monitor:
    """Feed it `plan(total, todo)` and `row(row, seconds)`; `close()` at the end (also on Ctrl-C)."""

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None, clock: Callable[[], float] = time.monotonic,
                 interval: float = PLAIN_INTERVAL, heartbeat: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.clock = clock
        self.interval = interval
        self.heartbeat = heartbeat
        self.total = self.todo = self.done = 0
        self.start = 0.0
        self.last_line = 0.0  # when a plain progress line was last printed
        self.latencies: list[float] = []
        self.slow: list[tuple[str, float]] = []
        self.not_graded: list[tuple[str, str]] = []
        self.timed_out: list[tuple[str, list[str]]] = []
        self._drawn = False  # a progress line is on the terminal, not yet ended by a newline
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ events
    def plan(self, total: int, todo: int) -> None:
        self.total, self.todo = total, todo
        already = total - todo
        self._say(f"{total} submissions: {todo} to grade" + (f", {already} already in the journal" if already else ""))
        self.start = self.last_line = self.clock()
        if todo:
            with self._lock:
                self._draw(force=True)
            if self.heartbeat:
                self._thread = threading.Thread(target=self._beat, name="batch-monitor", daemon=True)
                self._thread.start()

    def row(self, row: dict, seconds: float) -> None:
        """One submission finished (graded or not) after `seconds` of grading."""
        student = str(row.get("student"))
        with self._lock:
            self.done += 1
            events = []
            if row.get("status", "graded") != "graded":
                error = str(row.get("error") or "could not be graded").splitlines()[0] if row.get("error") else "could not be graded"
                self.not_graded.append((student, error))
                events.append(f"not graded: {student}: {error}")
            else:
                timeouts = [str(i.get("id")) for i in row.get("items", []) if isinstance(i, dict) and i.get("status") == "timeout"]
                if timeouts:
                    self.timed_out.append((student, timeouts))
                if self.is_slow(seconds):
                    self.slow.append((student, seconds))
                    typical = f" (typical {duration(median(self.latencies))})" if len(self.latencies) >= WARM else ""
                    why = f"; timed out in {', '.join(timeouts[:3])}" + (" …" if len(timeouts) > 3 else "") if timeouts else ""
                    events.append(f"slow: {student} took {duration(seconds)}{typical}{why}")
            self.latencies.append(seconds)
            for event in events:
                self._event(event)
            self._draw(force=bool(events) or self.done == self.todo)

    def is_slow(self, seconds: float) -> bool:
        """Unusually long, judged against the submissions finished before it."""
        if len(self.latencies) < WARM:
            return seconds >= SLOW_FIRST
        return seconds >= max(SLOW_FLOOR, SLOW_FACTOR * median(self.latencies))

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        with self._lock:
            if self._drawn:
                self.stream.write("\n")
                self.stream.flush()
                self._drawn = False

    # ------------------------------------------------------------ text
    def line(self) -> str:
        """The progress line as it stands now."""
        elapsed = max(self.clock() - self.start, 1e-9)
        parts = [f"graded {self.done}/{self.todo}" + (f" ({100 * self.done / self.todo:.0f}%)" if self.todo else "")]
        if self.done:
            rate = self.done / elapsed
            parts.append(f"{rate:.1f}/s" if rate >= 1 else f"{rate:.2f}/s")
            left = self.todo - self.done
            if left:
                parts.append(f"about {duration(left / rate)} left")
        parts.append(f"{duration(elapsed)} so far" if self.done < self.todo else f"{duration(elapsed)} in all")
        if self.slow:
            parts.append(f"{len(self.slow)} slow")
        if self.not_graded:
            parts.append(f"{len(self.not_graded)} not graded")
        return " · ".join(parts)

    def summary(self) -> list[str]:
        """Closing lines: what was slow, what timed out, what could not be graded (empty if nothing was)."""
        out = []
        if self.latencies:
            out.append(f"time per submission: median {duration(median(self.latencies))}, longest {duration(max(self.latencies))}")
        if self.slow:
            slowest = sorted(self.slow, key=lambda s: (-s[1], s[0]))
            out.append(f"{len(self.slow)} unusually slow: " + _names([f"{s} ({duration(t)})" for s, t in slowest]))
        if self.timed_out:
            out.append(f"{len(self.timed_out)} with a function that timed out: " + _names(sorted(s for s, _ in self.timed_out)))
        if self.not_graded:
            out.append(f"{len(self.not_graded)} could not be graded: " + _names(sorted(s for s, _ in self.not_graded)))
        return out

    # ------------------------------------------------------------ output
    def _say(self, text: str) -> None:
        with self._lock:
            self._event(text)

    def _event(self, text: str) -> None:
        """A line of its own (the caller holds the lock); on a terminal the progress line is redrawn after it."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self._drawn = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def _draw(self, *, force: bool = False) -> None:
        """Show the progress line (the caller holds the lock): in place on a terminal, now and then elsewhere."""
        if not self.todo:
            return
        now = self.clock()
        if self.tty:
            self.stream.write("\r\x1b[K" + self.line())
            self._drawn = True
        elif force or now - self.last_line >= self.interval:
            self.stream.write(self.line() + "\n")
            self.last_line = now
        else:
            return
        self.stream.flush()

    def _beat(self) -> None:
        """Keep the line moving while nothing finishes (a submission in an endless loop)."""
        while not self._stop.wait(TTY_REDRAW if self.tty else min(self.interval, 1.0)):
            with self._lock:
                if self.done < self.todo:
                    self._draw()
