"""The probe: can this machine reach the DVIPA's port, sample by sample, during the drill?

A thread opens a TCP connection to the probe address every ``interval``
seconds (at most 0.2 s, so at least five a second) and closes it at once;
an optional second thread sends an HTTPS GET to a health URL at the same
pace and counts a 2xx or 3xx answer as up. Every sample keeps its UTC time
and its offset from the start on the monotonic clock, so the outage is
measured on a clock that never jumps.

The outage is the longest run of failed samples of one kind: from the first
failure of the run to the first success after it (or to the last sample, if
the run never ended).
"""

from __future__ import annotations

import csv
import http.client
import io
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..util.errors import one_line

MAX_INTERVAL = 0.2  # five connects a second at least


def parse_target(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT`` for IPv6); ValueError saying what is expected."""
    raw = text.strip()
    if raw.startswith("["):
        host, sep, port = raw[1:].partition("]:")
    else:
        host, sep, port = raw.rpartition(":")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"expected HOST:PORT (an IPv6 address as [ADDR]:PORT), got {text!r}")
    return host, int(port)


def check_health_url(text: str) -> str:
    """An ``https://`` URL without a user or password; ValueError otherwise."""
    parts = urllib.parse.urlsplit(text.strip())
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise ValueError(f"expected an https:// URL, got {text!r}")
    if parts.username or parts.password:
        raise ValueError("the health URL may not carry a user or password")
    return text.strip()


def _utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class Sample:
    utc: str
    t: float  # seconds since the probe started (monotonic)
    kind: str  # "tcp" or "https"
    ok: bool
    ms: float
    error: str = ""


@dataclass(frozen=True)
class Mark:
    """A moment of the drill drawn on the reachability picture (a step's command)."""

    t: float
    utc: str
    label: str


@dataclass
class Outage:
    seconds: float
    start: float | None
    end: float | None
    samples: int
    ended: bool

    def to_json(self) -> dict[str, Any]:
        return {"seconds": round(self.seconds, 3), "from_s": _r(self.start), "to_s": _r(self.end),
                "failed_samples": self.samples, "ended": self.ended}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def longest_outage(samples: list[Sample], kind: str = "tcp") -> Outage:
    """The longest run of failed samples of ``kind`` (ties: the run with more failed samples)."""
    series = [s for s in samples if s.kind == kind]
    runs: list[Outage] = []
    start: Sample | None = None
    count = 0
    for s in series:
        if not s.ok:
            if start is None:
                start, count = s, 0
            count += 1
        elif start is not None:
            runs.append(Outage(s.t - start.t, start.t, s.t, count, True))
            start = None
    if start is not None:
        runs.append(Outage(series[-1].t - start.t, start.t, series[-1].t, count, False))
    if not runs:
        return Outage(0.0, None, None, 0, True)
    return max(runs, key=lambda o: (round(o.seconds, 6), o.samples))


@dataclass
class Probe:
    """Background TCP (and optional HTTPS) probing; use :meth:`start`, :meth:`mark`, :meth:`stop`."""

    host: str
    port: int
    interval: float = MAX_INTERVAL
    health_url: str | None = None
    context: ssl.SSLContext | None = None
    samples: list[Sample] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _t0: float = 0.0
    _wall0: float = 0.0

    def start(self) -> Probe:
        self._t0, self._wall0 = time.monotonic(), time.time()
        self._stop.clear()
        jobs = [self._tcp]
        if self.health_url:
            jobs.append(self._https)
        for job in jobs:
            thread = threading.Thread(target=self._loop, args=(job,), daemon=True, name=f"zowe-ha-probe-{job.__name__}")
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def now(self) -> float:
        return time.monotonic() - self._t0

    def mark(self, label: str) -> None:
        t = self.now()
        with self._lock:
            self.marks.append(Mark(t, _utc(self._wall0 + t), label))

    def _loop(self, job: Any) -> None:
        next_at = time.monotonic()
        while not self._stop.is_set():
            started = time.monotonic()
            ok, error = job()
            sample = Sample(_utc(self._wall0 + (started - self._t0)), started - self._t0, job.__name__.strip("_"), ok,
                            (time.monotonic() - started) * 1000.0, error)
            with self._lock:
                self.samples.append(sample)
            next_at += self.interval
            delay = next_at - time.monotonic()
            if delay < 0:
                next_at = time.monotonic()
                delay = 0
            self._stop.wait(delay)

    def _tcp(self) -> tuple[bool, str]:
        try:
            with socket.create_connection((self.host, self.port), timeout=max(self.interval, 0.05)):
                return True, ""
        except OSError as exc:
            return False, one_line(exc.strerror or type(exc).__name__, 60)

    def _https(self) -> tuple[bool, str]:
        parts = urllib.parse.urlsplit(self.health_url or "")
        conn = http.client.HTTPSConnection(parts.hostname or "", parts.port or 443, timeout=max(self.interval * 2, 0.5),
                                           context=self.context)
        try:
            conn.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
            status = conn.getresponse().status
            return 200 <= status < 400, "" if 200 <= status < 400 else f"HTTP {status}"
        except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
            return False, one_line(getattr(exc, "strerror", None) or type(exc).__name__, 60)
        finally:
            conn.close()

    # -- reading ---------------------------------------------------------------------------

    def snapshot(self) -> list[Sample]:
        with self._lock:
            return list(self.samples)

    def up_since(self, t: float, kind: str = "tcp") -> bool:
        """Whether a sample of ``kind`` taken after ``t`` succeeded and none after it failed."""
        later = [s for s in self.snapshot() if s.kind == kind and s.t >= t]
        return bool(later) and later[-1].ok

    def wait_up(self, timeout: float, kind: str = "tcp") -> bool:
        """Wait until the newest sample of ``kind`` succeeds (True) or ``timeout`` seconds pass (False)."""
        end = time.monotonic() + timeout
        since = self.now()
        while True:
            if self.up_since(since, kind):
                return True
            if time.monotonic() >= end:
                return False
            time.sleep(min(self.interval, 0.05))

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["utc", "elapsed_s", "probe", "ok", "latency_ms", "error"])
        for s in self.snapshot():
            writer.writerow([s.utc, f"{s.t:.3f}", s.kind, "1" if s.ok else "0", f"{s.ms:.1f}", s.error])
        return out.getvalue()

    def summary(self) -> dict[str, Any]:
        samples = self.snapshot()
        out: dict[str, Any] = {"target": f"{self.host}:{self.port}", "interval_s": self.interval,
                               "health_url": self.health_url}
        for kind in ("tcp", "https") if self.health_url else ("tcp",):
            series = [s for s in samples if s.kind == kind]
            out[kind] = {"samples": len(series), "failed": sum(1 for s in series if not s.ok),
                         "outage": longest_outage(samples, kind).to_json(),
                         "last_ok": series[-1].ok if series else None}
        return out
