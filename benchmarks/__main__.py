"""``make bench``: every benchmark of issue 8, a table, and benchmarks/results.json.

Each benchmark that has a ratio goal is timed alternately with its baseline
(see harness.py). The baseline of (a) and (b) is one papermill command-line
run of a trivial two-cell notebook, the floor any notebook-based runbook pays.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

from .harness import BIN, ROOT, Result, alternate, sh, timed
from .workloads import big_output_report, big_record, copy_example, syslog_filler


def papermill_baseline(tmp: Path):
    out = tmp / "trivial-out.ipynb"

    def run() -> None:
        sh(BIN / "papermill", ROOT / "benchmarks" / "trivial.ipynb", out, "--log-level", "ERROR")

    return run


def bench_runbook(tmp: Path, rounds: int) -> list[Result]:
    rec = copy_example(tmp / "CHG0001")
    site = tmp / "site"
    baseline = papermill_baseline(tmp)

    def whole() -> None:
        sh(BIN / "zowe-ha", "run", rec, ok=(0, 1))
        sh(BIN / "zowe-ha", "publish", rec, "--out", site)

    a = alternate(Result("a. run + publish of the example record", "<= 3.0x (stretch 2.0x)", baseline_name="papermill CLI, trivial notebook", limit_ratio=3.0),
                  whole, baseline, rounds)

    def republish() -> None:
        sh(BIN / "zowe-ha", "publish", rec, "--out", site)

    b = alternate(Result("b. re-publish, nothing changed", "<= 0.5x", baseline_name="papermill CLI, trivial notebook", limit_ratio=0.5),
                  republish, baseline, rounds)
    return [a, b]


def bench_lint(tmp: Path, rounds: int) -> Result:
    rec = big_record(tmp / "BENCH")
    outdir = tmp / "gen"
    sh(BIN / "zowe-ha", "generate", rec, "--out", outdir)
    profile = outdir / "profiles" / "SYS0.tcpip"
    lines = profile.read_text().count("\n")
    result = Result("c. lint of a generated profile", "< 0.5 s", limit_seconds=0.5, extra={"lines": lines})
    return alternate(result, lambda: sh(BIN / "zowe-ha", "lint", profile), None, rounds)


def bench_preview(rounds: int) -> Result:
    """Time one field change in the guided-setup form, through its real observer.

    Assigning a widget value fires the same ``observe`` callback a browser edit
    does; the callback validates the record and rebuilds the preview and the
    failover timeline. Alternating two port values keeps every change real.
    """
    from zowe_ha_lib.runbook.form import SetupForm

    form = SetupForm.open(ROOT / "runbooks" / "CHG0001")
    ports = form.distributions[0].ports
    values = ("7554", "7556")
    result = Result("d. guided-setup preview after one field change", "< 20 ms", limit_seconds=0.020)
    for i in range(max(rounds * 10, 30)):
        result.subject.append(timed(lambda v=values[i % 2]: setattr(ports, "value", v)))
        assert form.record is not None and form.record.distributions[0].ports == (int(values[i % 2]),)
    return result


def bench_check(tmp: Path, rounds: int, sizes: tuple[float, ...]) -> Result:
    per_size = {}
    for mb in sizes:
        rec = copy_example(tmp / f"CHK{int(mb)}")
        syslog_filler(rec / "evidence" / "SYSA" / "syslog-extract.txt", mb)
        times = sorted(timed(lambda r=rec: sh(BIN / "zowe-ha", "check", r, "--json", ok=(0, 1))) for _ in range(rounds))
        per_size[mb] = times[len(times) // 2]
    biggest = max(sizes)
    result = Result(f"e. check with {biggest:g} MB of SYSLOG", "linear, < 10 s", limit_seconds=10.0)
    result.subject = [per_size[biggest]]
    rates = {f"{mb:g} MB": round(t / mb, 4) for mb, t in per_size.items()}
    result.extra = {"seconds_by_size": {f"{mb:g} MB": round(t, 3) for mb, t in per_size.items()}, "seconds_per_mb": rates}
    smallest = min(sizes)
    growth = per_size[biggest] / per_size[smallest]
    result.extra["growth"] = f"{growth:.2f}x for {biggest / smallest:g}x the input"
    return result


def bench_big_output(tmp: Path, rounds: int, megabytes: float = 40.0) -> Result:
    """Publish a report whose notebook printed 40 MB of HTML (issue 17: it took 257 s and 2.7 GB).

    Outputs over the site's cap are replaced by a note and a link to the full
    notebook, so the page is small; peak memory is the largest child's.
    """
    rec = big_output_report(tmp / "BIG", megabytes)
    site = tmp / "big-site"
    result = Result(f"f. publish with a {megabytes:g} MB notebook output", "< 20 s", limit_seconds=20.0)
    alternate(result, lambda: sh(BIN / "zowe-ha", "publish", rec, "--out", site, "--force"), None, max(1, rounds // 2))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    page = site / "records" / "CHG0001" / "index.html"
    result.extra = {"peak_rss_mb_any_child": round(peak / 1024, 1), "record_page_kb": round(page.stat().st_size / 1024, 1)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per benchmark")
    parser.add_argument("--only", nargs="*", default=["a", "c", "d", "e", "f"], help="subset: a (includes b), c, d, e, f")
    parser.add_argument("--sizes", default="12.5,25,50", help="SYSLOG sizes in MB for (e)")
    args = parser.parse_args(argv)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="zowe-ha-bench-") as name:
        tmp = Path(name)
        sh(BIN / "papermill", ROOT / "benchmarks" / "trivial.ipynb", tmp / "warm.ipynb")  # warm caches
        if "a" in args.only:
            results += bench_runbook(tmp, args.rounds)
        if "c" in args.only:
            results.append(bench_lint(tmp, args.rounds))
        if "d" in args.only:
            results.append(bench_preview(args.rounds))
        if "e" in args.only:
            results.append(bench_check(tmp, max(1, args.rounds // 2), tuple(float(s) for s in args.sizes.split(","))))
        if "f" in args.only:
            results.append(bench_big_output(tmp, args.rounds))
    print(f"{'benchmark':50} {'median':>9} {'baseline':>9} {'ratio':>7}  goal")
    for r in results:
        base = f"{r.to_json()['baseline_median_s']:.3f}s" if r.baseline else "-"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        print(f"{r.name:50} {r.median:8.3f}s {base:>9} {ratio:>7}  {r.goal} {'met' if r.met else 'NOT MET'}")
        for key, value in r.extra.items():
            print(f"{'':52}{key}: {value}")
    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": [r.to_json() for r in results]}, indent=2) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
