"""``make bench``: every benchmark of issues 8 and 20, a table, and benchmarks/results.json.

Each benchmark that has a ratio goal is timed alternately with its baseline
(see harness.py). The baseline is one papermill command-line run of a trivial
two-cell notebook, the floor any notebook-based runbook pays.

  a. run + publish of the example record           <= 1.5x
  b. run of 10 records in one command              <= 8x (stretch 5x)
  c. publish of 50 records into an empty folder    <= 3x
  d. peak memory of (b), RSS of the process tree   <= 1 GiB
  e. re-publish, nothing changed                   <= 0.5x
  f-i. lint, guided-setup preview, check, publish of a big output (issues 8 and 17)

``--profile`` runs (b) once under pyinstrument and writes benchmarks/profile-b.txt
(and .html): where the time of a batch goes, in the command's own process.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from .harness import BIN, ROOT, Result, alternate, peak_memory, sh, timed
from .workloads import big_output_report, big_record, copy_example, many_records, syslog_filler

GIB = 1 << 30
BASELINE = "papermill CLI, trivial notebook"
BATCH = 10
SITE_RECORDS = 50


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

    a = alternate(Result("a. run + publish of the example record", "<= 1.5x", baseline_name=BASELINE, limit_ratio=1.5),
                  whole, baseline, rounds)

    def republish() -> None:
        sh(BIN / "zowe-ha", "publish", rec, "--out", site)

    e = alternate(Result("e. re-publish, nothing changed", "<= 0.5x", baseline_name=BASELINE, limit_ratio=0.5),
                  republish, baseline, rounds)
    return [a, e]


def bench_batch(tmp: Path, rounds: int) -> list[Result]:
    """(b) one ``zowe-ha run`` of ten records; (d) the peak memory of its process tree, in a round of its own."""
    records = many_records(tmp / "batch", BATCH)
    baseline = papermill_baseline(tmp)
    b = alternate(Result(f"b. run of {BATCH} records in one command", "<= 8x (stretch 5x)", baseline_name=BASELINE,
                         limit_ratio=8.0, stretch_ratio=5.0),
                  lambda: sh(BIN / "zowe-ha", "run", *records, ok=(0, 1)), baseline, rounds)
    b.extra["per_record_s"] = round(b.median / BATCH, 3)
    peaks = [peak_memory(BIN / "zowe-ha", "run", *records, ok=(0, 1)) for _ in range(max(1, rounds // 2))]
    d = Result("d. peak memory of (b), RSS of the process tree", "<= 1 GiB", limit_bytes=GIB, unit="B")
    d.subject = [float(rss) for _, rss, _ in peaks]
    d.extra = {"peak_pss_mib": round(statistics.median(p for _, _, p in peaks) / (1 << 20), 1)}
    return [b, d]


def bench_site(tmp: Path, rounds: int) -> tuple[Result, Result]:
    """(c) publish of 50 records with reports into an empty folder; and the 50 runs (in one command) that make them."""
    records = many_records(tmp / "site-records", SITE_RECORDS)
    took = timed(lambda: sh(BIN / "zowe-ha", "run", *records, ok=(0, 1)))
    runs = Result(f"   run of {SITE_RECORDS} records in one command (one round)", "records per hour on this machine")
    runs.subject = [took]
    runs.extra = {"records_per_hour": round(SITE_RECORDS / took * 3600), "per_record_s": round(took / SITE_RECORDS, 3)}
    site = tmp / "site50"
    c = alternate(Result(f"c. publish of {SITE_RECORDS} records into an empty folder", "<= 3x", baseline_name=BASELINE,
                         limit_ratio=3.0),
                  lambda: sh(BIN / "zowe-ha", "publish", *records, "--out", site), papermill_baseline(tmp), rounds,
                  setup=lambda: shutil.rmtree(site, ignore_errors=True))
    return c, runs


def bench_lint(tmp: Path, rounds: int) -> Result:
    rec = big_record(tmp / "BENCH")
    outdir = tmp / "gen"
    sh(BIN / "zowe-ha", "generate", rec, "--out", outdir)
    profile = outdir / "profiles" / "SYS0.tcpip"
    lines = profile.read_text().count("\n")
    result = Result("f. lint of a generated profile", "< 0.5 s", limit_seconds=0.5, extra={"lines": lines})
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
    result = Result("g. guided-setup preview after one field change", "< 20 ms", limit_seconds=0.020)
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
    result = Result(f"h. check with {biggest:g} MB of SYSLOG", "linear, < 10 s", limit_seconds=10.0)
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
    result = Result(f"i. publish with a {megabytes:g} MB notebook output", "< 20 s", limit_seconds=20.0)
    alternate(result, lambda: sh(BIN / "zowe-ha", "publish", rec, "--out", site, "--force"), None, max(1, rounds // 2))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    page = site / "records" / "CHG0001" / "index.html"
    result.extra = {"peak_rss_mb_any_child": round(peak / 1024, 1), "record_page_kb": round(page.stat().st_size / 1024, 1)}
    return result


def profile_batch(tmp: Path) -> None:
    """Run (b) once under pyinstrument, in this process: benchmarks/profile-b.txt and .html."""
    from .profile import profile_run  # imports the kit and pyinstrument: only for --profile

    records = many_records(tmp / "profiled", BATCH)
    text, html = ROOT / "benchmarks" / "profile-b.txt", ROOT / "benchmarks" / "profile-b.html"
    times = profile_run(records, text, html)
    print(f"wrote {text.relative_to(ROOT)} and {html.relative_to(ROOT)}: {times}")


def _shown(r: Result, value: float) -> str:
    return f"{value / (1 << 20):7.0f}MiB" if r.unit == "B" else f"{value:8.3f}s"


BENCHMARKS = ("a", "b", "c", "f", "g", "h", "i")


def build_parser() -> argparse.ArgumentParser:
    """The options of ``python -m benchmarks`` (the README's scale section names them; a test parses those)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per benchmark")
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, default=list(BENCHMARKS),
                        help="subset: a (with e), b (with d), c, f, g, h, i")
    parser.add_argument("--sizes", default="12.5,25,50", help="SYSLOG sizes in MB for (h)")
    parser.add_argument("--profile", action="store_true", help="profile (b) with pyinstrument instead of timing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="zowe-ha-bench-") as name:
        tmp = Path(name)
        if args.profile:
            profile_batch(tmp)
            return 0
        sh(BIN / "papermill", ROOT / "benchmarks" / "trivial.ipynb", tmp / "warm.ipynb")  # warm caches
        if "a" in args.only:
            results += bench_runbook(tmp, args.rounds)
        if "b" in args.only:
            results += bench_batch(tmp, max(3, args.rounds // 2 + 1))
        if "c" in args.only:
            results += bench_site(tmp, max(3, args.rounds // 2 + 1))
        if "f" in args.only:
            results.append(bench_lint(tmp, args.rounds))
        if "g" in args.only:
            results.append(bench_preview(args.rounds))
        if "h" in args.only:
            results.append(bench_check(tmp, max(1, args.rounds // 2), tuple(float(s) for s in args.sizes.split(","))))
        if "i" in args.only:
            results.append(bench_big_output(tmp, args.rounds))
    results.sort(key=lambda r: r.name.strip())
    print(f"{'benchmark':52} {'median':>10} {'baseline':>9} {'ratio':>7}  goal")
    for r in results:
        base = f"{statistics.median(r.baseline):.3f}s" if r.baseline else "-"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        verdict = "met" if r.met else "NOT MET"
        if r.stretch_met is not None:
            verdict += f", stretch {'met' if r.stretch_met else 'not met'}"
        print(f"{r.name:52} {_shown(r, r.median):>10} {base:>9} {ratio:>7}  {r.goal} {verdict}")
        for key, value in r.extra.items():
            print(f"{'':54}{key}: {value}")
    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": [r.to_json() for r in results]}, indent=2) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
