"""Measuring against a baseline taken in the same run.

Absolute seconds mean little on a shared 2-core machine whose speed drifts
from minute to minute, so every benchmark is timed *alternately* with its
baseline (baseline, subject, baseline, subject, ...) and reported as the
ratio of medians. Goals in the issue are stated the same way.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def sh(*argv: str | Path, cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> None:
    """Run a command; fail loudly (a benchmark of a failing command measures nothing)."""
    proc = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")


def peak_memory(*argv: str | Path, ok: tuple[int, ...] = (0,), every: float = 0.05) -> tuple[float, int, int]:
    """Run a command; its seconds and the peak RSS and PSS of its whole process tree, in bytes.

    The tree (the command, its fork server, every kernel) is sampled every
    ``every`` seconds. RSS counts the pages forked kernels share with their
    server once per process, so its sum overstates what the machine gives
    up; PSS shares each page among the processes mapping it.
    """
    import psutil  # a dependency of ipykernel, so always here

    proc = subprocess.Popen([str(a) for a in argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not done.is_set():
            rss = pss = 0
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in tree:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(every)

    sampler = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    sampler.start()
    _, err = proc.communicate()
    took = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}: {err.strip()[-500:]}")
    return took, peak[0], peak[1]


@dataclass
class Result:
    name: str
    goal: str
    subject: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    baseline_name: str = ""
    limit_ratio: float | None = None
    limit_seconds: float | None = None
    limit_bytes: int | None = None
    stretch_ratio: float | None = None
    unit: str = "s"
    extra: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.subject)

    @property
    def ratio(self) -> float | None:
        return self.median / statistics.median(self.baseline) if self.baseline else None

    @property
    def met(self) -> bool:
        ok = True
        if self.limit_ratio is not None and self.ratio is not None:
            ok &= self.ratio <= self.limit_ratio
        if self.limit_seconds is not None:
            ok &= self.median <= self.limit_seconds
        if self.limit_bytes is not None:
            ok &= self.median <= self.limit_bytes
        return ok

    @property
    def stretch_met(self) -> bool | None:
        if self.stretch_ratio is None or self.ratio is None:
            return None
        return self.ratio <= self.stretch_ratio

    def to_json(self) -> dict:
        return {
            "name": self.name, "goal": self.goal, "unit": self.unit, "median": round(self.median, 4),
            "runs": [round(x, 4) for x in self.subject],
            "baseline": self.baseline_name or None,
            "baseline_median_s": round(statistics.median(self.baseline), 4) if self.baseline else None,
            "ratio": round(self.ratio, 3) if self.ratio is not None else None,
            "met": self.met, "stretch_met": self.stretch_met, **self.extra,
        }


def alternate(result: Result, subject: Callable[[], object], baseline: Callable[[], object] | None, rounds: int,
              setup: Callable[[], object] | None = None) -> Result:
    """Time ``subject`` and ``baseline`` alternately ``rounds`` times each."""
    for _ in range(rounds):
        if baseline is not None:
            result.baseline.append(timed(baseline))
        if setup is not None:
            setup()
        result.subject.append(timed(subject))
    return result
