"""Sign-off of a report with SSH signatures, checkable with stock OpenSSH.

A sign-off is a small JSON record (who, in which role, approve or reject, a
comment, when, and the SHA-256 of ``manifest.json``) written as RFC 8785
canonical bytes to ``report/signoffs/NNN-<role>-<signer>.json``, with a
detached SSHSIG signature (namespace ``zowe-ha-runbook``) over exactly those
bytes in ``.json.sig`` next to it. Anyone can check one without the kit::

    ssh-keygen -Y verify -f allowed_signers -I ID -n zowe-ha-runbook -s RECORD.sig < RECORD

Signing and verifying call ``ssh-keygen``: it reads operators' existing keys
(also from ssh-agent and FIDO tokens) and asks for a passphrase on the
terminal itself, so the kit never sees or stores one.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..record.load import display_name, load_record
from ..report import history
from ..report import manifest as manifest_mod
from ..report.plan import plan_entries
from ..report.trust import default_allowed_signers, default_allowed_signers_path
from ..requirements.status import is_ready
from ..util import jsontext
from ..util.clock import utc_now
from ..util.errors import InputError, Problem, UsageError, one_line
from ..util.fsutil import left_behind, owned_prefix
from .terms import DECISIONS, MAX_COMMENT, NAMESPACE, PHASES, ROLES, signer_problem

SIGNOFF_VERSION = 1
FIELDS = ("signoff_version", "change", "signer", "role", "decision", "comment", "time", "manifest_sha256")
_FILE = re.compile(r"^(\d{3,})-([a-z-]+)-([a-z0-9._-]+)\.json$")


def ssh_keygen() -> str:
    """The ssh-keygen program; InputError when OpenSSH is not installed."""
    found = shutil.which("ssh-keygen")
    if not found:
        raise InputError(Problem("ssh-keygen", None, "", "not found; install OpenSSH (Debian: apt-get install openssh-client)"))
    return found


def slug(signer: str) -> str:
    """A file-name-safe form of a signer id (``Alice@Example.com`` -> ``alice-example.com``)."""
    return re.sub(r"[^a-z0-9._-]+", "-", signer.lower()).strip("-.") or "signer"


def check_signer(signer: str) -> None:
    """Signer ids are allowed_signers principals: no spaces, commas or wildcards."""
    problem = signer_problem(signer)
    if problem:
        raise InputError(Problem("--signer", None, "", problem))


def approval_problem(outcome: object, decision: str, comment: str) -> str | None:
    """Why this approval needs a comment, or None.

    Approving a report that says the change is not ready (fail, incomplete,
    error) may be right (a known, accepted risk), but the sign-off must then
    say why, for the change board and for whoever reads it later.
    """
    if decision != "approve" or comment.strip() or is_ready(str(outcome)):
        return None
    return (f"the report's outcome is {outcome}, so an approval needs a comment that says why it may go ahead "
            "anyway (or use --decision reject)")


def sign(record_arg: str | Path, key: Path, signer: str, role: str, decision: str = "approve",
         comment: str = "", time: str | None = None, notes: list[str] | None = None,
         allowed_signers: Path | None = None, phase: str = "result") -> Path:
    """Add a sign-off to the record's report; return the path of the sign-off record.

    ``phase`` says what is signed: ``result`` (the default) the whole report,
    through the SHA-256 of its manifest; ``plan`` the plan files
    (:mod:`zowe_ha_lib.report.plan`), whose paths and SHA-256 the record
    lists, so that the approval of a plan holds for a later run of the same
    plan (the run after the change is applied). Both records carry the
    manifest's SHA-256 too, and both are signed the same way: stock
    ``ssh-keygen -Y verify`` checks either.

    Refuses (InputError) when the report is not intact: approving bytes that
    differ from what ``zowe-ha run`` wrote would make the sign-off meaningless;
    and (UsageError on ``--comment``) an approval of a report that is not ready
    without a comment that says why. ``allowed_signers``, when given, must be a
    well-formed file (checked before anything is signed); :func:`trust_warning`
    then says whether it trusts the new signature.

    The record's lock is held twice, briefly: to read the manifest the
    sign-off is about, and to put the signed pair in place after checking
    that the manifest is still the same. ssh-keygen runs between the two,
    outside the lock, since it may wait for a person to type a passphrase.
    The pair is made in a folder of its own in the record folder (never
    inside ``signoffs/``) and moved in with signals held back between the two
    renames, so Ctrl-C or a kill leaves no half-made sign-off; what a
    ``kill -9`` at that very moment could leave is removed by the next sign
    (and said in ``notes``).
    """
    check_signer(signer)
    if role not in ROLES:
        raise InputError(Problem("--role", None, "", f"{role!r} is not a role; use one of {', '.join(ROLES)}"))
    if decision not in DECISIONS:
        raise InputError(Problem("--decision", None, "", f"{decision!r} is not a decision; use approve or reject"))
    if phase not in PHASES:
        raise InputError(Problem("--phase", None, "", f"{phase!r} is not a phase; use {' or '.join(PHASES)}"))
    if len(comment) > MAX_COMMENT:
        raise InputError(Problem("--comment", None, "", f"{len(comment)} characters; at most {MAX_COMMENT}"))
    key = Path(key)
    if not key.is_file():
        raise InputError(Problem(str(key), None, "", "no such key file (give the SSH private key, or the public key of a key in ssh-agent)"))
    check_key_file(key)
    if allowed_signers is not None:
        check_allowed_signers(Path(allowed_signers))
    program = ssh_keygen()
    record = load_record(record_arg)
    folder = Path(record.folder)
    shown = display_name(folder)
    report = folder / history.REPORT
    notes = notes if notes is not None else []
    with history.record_lock(folder, shown, "sign"):
        _refuse_links(folder, shown)
        notes += clean_interrupted(folder)
        manifest, data = _intact(report)
        # A plan is judged on its own: the run before a change is rarely ready (the change is what it lacks).
        why = approval_problem(manifest.get("outcome"), decision, comment) if phase == "result" else None
        if why:
            raise UsageError("--comment", why)
        body: dict[str, Any] = {
            "signoff_version": SIGNOFF_VERSION, "change": manifest.get("change", record.id), "signer": signer,
            "role": role, "decision": decision, "comment": comment,
            "time": time or utc_now(), "manifest_sha256": manifest_mod.sha256_bytes(data), "phase": phase,
        }
        if phase == "plan":
            body["plan_files"] = plan_entries(manifest)
            if not body["plan_files"]:
                raise InputError(Problem(display_name(report), None, "", "holds no plan files (generated/profiles/, "
                                         "generate.json, zowe-fragment.yaml) to sign: run the record again with this kit"))
        payload = manifest_mod.canonical(body)
        work = Path(tempfile.mkdtemp(prefix=owned_prefix(SIGNING_PREFIX), dir=folder))
    try:
        unsigned = work / "signoff.json"
        unsigned.write_bytes(payload)
        proc = subprocess.run([program, "-Y", "sign", "-f", str(Path(key).resolve()), "-n", NAMESPACE, unsigned.name],
                              cwd=work, capture_output=True, text=True)
        sig = work / f"{unsigned.name}.sig"
        if proc.returncode != 0 or not sig.is_file():
            why = _last_line(proc.stderr) or f"exit code {proc.returncode}"
            raise InputError(Problem(str(key), None, "", f"ssh-keygen could not sign: {why}"))
        with history.record_lock(folder, shown, "sign"):
            _refuse_links(folder, shown)
            _, now = _intact(report)
            if now != data:
                raise InputError(Problem(shown, None, "", "the report changed while it was being signed (re-run?); "
                                         "nothing was signed: look at the new report and sign again"))
            folder_out = report / manifest_mod.SIGNOFFS
            folder_out.mkdir(exist_ok=True)
            name = f"{_next_number(folder_out):03d}-{role}-{slug(signer)}.json"
            with _signals_held():
                # The signature goes in first: a record without it reads as unsigned, never as signed.
                sig.replace(folder_out / f"{name}.sig")
                unsigned.replace(folder_out / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder_out / name


SIGNING_PREFIX = ".signing-"
_HELD = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT})


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C, kill and hang-up for a moment (the two renames of a sign-off); delivered right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _refuse_links(folder: Path, shown: str) -> None:
    history.refuse_links(folder, shown, [history.REPORT, f"{history.REPORT}/{manifest_mod.SIGNOFFS}"])


def _intact(report: Path) -> tuple[dict[str, Any], bytes]:
    """The manifest and its bytes; InputError listing every difference when the report is not intact."""
    manifest, data = manifest_mod.load(report, display_name(report / manifest_mod.MANIFEST))
    issues = manifest_mod.check_files(report, manifest, data)
    if issues:
        raise InputError([Problem(display_name(report), None, i.path, f"{i.kind}: {i.detail}") for i in issues]
                         + [Problem(display_name(report), None, "", "the report is not as 'zowe-ha run' wrote it; not signing (see 'zowe-ha verify')")])
    return manifest, data


def clean_interrupted(folder: Path) -> list[str]:
    """Remove what interrupted signs left (call while holding the record's lock); say what was removed.

    Their work folders (``REC/.signing-<pid>-*`` of processes that are gone,
    and ``report/signoffs/.signing-*`` from kits that made them there), and a
    signature whose sign-off record never arrived (a ``kill -9`` between the
    two renames). A sign that is waiting for its passphrase keeps its folder.
    """
    removed = []
    signoffs = Path(folder) / history.REPORT / manifest_mod.SIGNOFFS
    for where in (Path(folder), signoffs):
        if not where.is_dir() or where.is_symlink():
            continue
        for path in where.iterdir():
            if left_behind(path.name, SIGNING_PREFIX) and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                if where == signoffs:
                    removed.append(f"removed {display_name(path)}, left by an interrupted sign")
    if signoffs.is_dir() and not signoffs.is_symlink():
        for sig in signoffs.glob("*.json.sig"):
            record = sig.with_name(sig.name[:-4])
            if _FILE.match(record.name) and not os.path.lexists(record):
                sig.unlink()
                removed.append(f"removed {display_name(sig)}: a signature without its sign-off record, "
                               "left by an interrupted sign")
    return removed


def _next_number(folder: Path) -> int:
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := re.match(r"^(\d+)-", p.name))]
    return max(numbers, default=0) + 1


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return one_line(lines[-1], 240) if lines else ""


# ----------------------------------------------------------------------------- who may sign


@dataclass(frozen=True)
class SignatureKey:
    """The public key inside an SSHSIG signature: what an allowed_signers line must name."""

    kind: str  # ssh-ed25519, ecdsa-sha2-nistp256, ...
    blob: str  # base64 of the key in SSH wire format

    @property
    def fingerprint(self) -> str:
        """``SHA256:...`` as ``ssh-keygen -l`` prints it, to compare with the signer's own."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")

    def allowed_line(self, signer: str) -> str:
        """The allowed_signers line that trusts this key for ``signer``, for the kit's namespace only."""
        return f'{signer} namespaces="{NAMESPACE}" {self.kind} {self.blob}'


def signature_key(sig: Path) -> SignatureKey | None:
    """The public key an SSHSIG file (``.json.sig``) was made with; None when the file is not one.

    The armoured SSHSIG blob is ``"SSHSIG"``, a version, then the public key
    as an SSH string (OpenSSH PROTOCOL.sshsig).
    """
    try:
        text = sig.read_text(encoding="ascii")
        body = text.split("-----BEGIN SSH SIGNATURE-----", 1)[1].split("-----END SSH SIGNATURE-----", 1)[0]
        blob = base64.b64decode("".join(body.split()), validate=True)
        if blob[:6] != b"SSHSIG":
            return None
        size = int.from_bytes(blob[10:14], "big")
        key = blob[14:14 + size]
        kind_size = int.from_bytes(key[:4], "big")
        kind = key[4:4 + kind_size].decode("ascii")
    except (OSError, IndexError, ValueError, UnicodeDecodeError, binascii.Error):
        return None
    if not kind or len(key) != size:
        return None
    return SignatureKey(kind, base64.b64encode(key).decode())


def trust_warning(signoff: Path, signer: str, allowed: Path | None) -> list[str]:
    """Lines that warn when ``allowed`` (an allowed_signers file, or None) does not trust a new sign-off.

    Empty when the signature verifies for ``signer``. Otherwise the lines say
    what ``verify`` will report and give the allowed_signers line that would
    trust the key, with its fingerprint to check with the signer first.
    """
    sig = signoff.with_name(signoff.name + ".sig")
    key = signature_key(sig)
    line = [f"  {key.allowed_line(signer)}", f"  (key fingerprint {key.fingerprint})"] if key else []
    if allowed is None:
        where = display_name(default_allowed_signers_path(signoff.parent.parent.parent))
        return [f"warning: no allowed_signers file (give --allowed-signers, or keep one at {where}): "
                "'zowe-ha verify' and the site will show this sign-off as unverified until one lists your key:", *line]
    good, _why = _ssh_verify(signoff, sig, signer, allowed)
    if good:
        return []
    return [f"warning: {display_name(allowed)} does not trust this key for {signer}: 'zowe-ha verify' and the site "
            "will show this sign-off as unverified. The line that would trust it (have the file's keeper add it):", *line]


def allowed_signers_help(checks: list[SignoffCheck], folder: Path) -> list[str]:
    """How to make an allowed_signers file, for ``verify`` when there is none.

    An allowed_signers file is OpenSSH's list of who may sign: one line per
    signer, ``PRINCIPAL namespaces="zowe-ha-runbook" KEYTYPE BASE64KEY``,
    the key part being the signer's public key (``~/.ssh/id_ed25519.pub``).
    """
    where = display_name(default_allowed_signers_path(folder))
    lines = [
        f"To verify who signed, keep an allowed_signers file under review, e.g. {where}, one line per signer:",
        f'  PRINCIPAL namespaces="{NAMESPACE}" KEYTYPE BASE64KEY',
        "Each signer makes their line from their public key, for example:",
        f"""  echo "alice@example.com namespaces=\\"{NAMESPACE}\\" $(cut -d' ' -f1,2 ~/.ssh/id_ed25519.pub)" >> {where}""",
        f"(no key yet: ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519). Then: zowe-ha verify {display_name(folder)}",
    ]
    keys: dict[str, str] = {}
    for check in checks:
        key = signature_key(folder / history.REPORT / f"{check.file}.sig") if check.signer else None
        if key is not None and check.signer:
            keys.setdefault(key.allowed_line(check.signer), key.fingerprint)
    if keys:
        lines.append("The sign-offs here were made with these keys; compare each fingerprint with its signer "
                     "before trusting it:")
        for line, fingerprint in keys.items():
            lines += [f"  {line}", f"    (key fingerprint {fingerprint})"]
    return lines


@dataclass
class SignoffCheck:
    """One sign-off as ``verify`` saw it.

    ``state``: valid (good signature by an allowed signer, over the current
    manifest), stale (good signature over an older manifest), unverified (good
    signature, but no allowed_signers file says the key is the signer's: there
    is none, or it does not list this key for this signer), invalid (the
    record or its signature is broken or does not match).
    """

    file: str
    state: str
    reason: str
    signer: str | None = None
    role: str | None = None
    decision: str | None = None
    comment: str | None = None
    time: str | None = None
    phase: str = "result"  # what it signs: the whole report (result) or the plan files (plan)
    plan_files: list[dict[str, str]] | None = None  # a plan sign-off's list of the plan files it covers

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "signer": self.signer, "role": self.role, "decision": self.decision,
                "comment": self.comment, "time": self.time, "phase": self.phase, "state": self.state,
                "reason": self.reason}


@dataclass
class ReportStatus:
    """The sign-off state of a record's report, for ``verify`` and the site.

    ``state``: signed (intact, and every sign-off valid: a good, current
    signature by a key the allowed_signers file lists for its signer; none of
    them a rejection), rejected (intact, and a good, current sign-off rejects
    it), stale (intact, but a sign-off is over an earlier run's manifest, kept
    in history/), unverified (intact, signatures good and current, but at
    least one signer is not vouched for by an allowed_signers file), unsigned
    (intact, no sign-offs), invalid (no or damaged report, a changed file, a
    bad signature, a manifest changed after it was signed). Only "signed" may
    be shown as trustworthy. ``ok`` is what ``verify`` exits 0 on: intact, at
    least one sign-off (a missing signature is a failure), every sign-off
    valid, and nobody rejected it.
    """

    state: str
    signoffs: list[dict[str, Any]] = field(default_factory=list)
    files: list[manifest_mod.FileIssue] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    manifest_sha256: str | None = None
    allowed_signers: Path | None = None
    checks: list[SignoffCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (not self.files and not self.problems and bool(self.checks)
                and all(c.state == "valid" for c in self.checks) and not self.rejections)

    @property
    def rejections(self) -> list[SignoffCheck]:
        """Good, current sign-offs whose decision is reject."""
        return [c for c in self.checks if c.decision == "reject" and c.state in ("valid", "unverified")]


_KEY = re.compile(r"(?:^|\s)(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|"
                  r"sk-ecdsa-sha2-nistp256@openssh\.com)\s+([A-Za-z0-9+/]+={0,2})(?:\s|$)")


def check_allowed_signers(path: Path) -> None:
    """Raise InputError naming every line of an allowed_signers file that holds no usable key.

    ssh-keygen skips or half-reads such lines and then reports every
    signature as bad, which would send a reviewer hunting for a tampered
    report when the trust file is what is broken.
    """
    name = display_name(path)
    if not path.is_file():
        raise InputError(Problem(str(path), None, "", "no such allowed_signers file"))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(name, None, "", f"cannot read the allowed_signers file: {exc}")) from None
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEY.search(stripped)
        valid = False
        if match:
            try:
                blob = base64.b64decode(match.group(2), validate=True)
                valid = blob[4:4 + len(match.group(1))] == match.group(1).encode()
            except (binascii.Error, ValueError):
                valid = False
        if not valid:
            problems.append(Problem(name, number, "", "not an allowed_signers line: expected 'PRINCIPALS [OPTIONS] KEYTYPE BASE64KEY', "
                                    "e.g. alice@example.com namespaces=\"zowe-ha-runbook\" ssh-ed25519 AAAA..."))
    if problems:
        raise InputError(problems)


def check_key_file(key: Path) -> None:
    """Refuse a file that is neither an SSH private key nor a public key (for ssh-agent).

    ssh-keygen's own message for such a file ("Couldn't load public key ...:
    No such file or directory") sends people looking for a missing file.
    """
    try:
        head = key.read_bytes()[:200]
    except OSError as exc:
        raise InputError(Problem(str(key), None, "", f"cannot read the key file: {exc.strerror}")) from None
    text = head.decode("ascii", "replace").lstrip()
    if text.startswith("-----BEGIN ") and "PRIVATE KEY-----" in text.splitlines()[0]:
        return
    if _KEY.search(text.splitlines()[0] if text else ""):
        return
    raise InputError(Problem(str(key), None, "", "not an SSH key: give an OpenSSH private key file (-----BEGIN OPENSSH PRIVATE KEY-----), "
                             "or the public key (ssh-ed25519 AAAA...) of a key held by ssh-agent"))


def report_status(record_folder: Path, allowed_signers: Path | None = None) -> ReportStatus:
    """Verify the report of ``record_folder`` (a change record folder) as it is now.

    Raises InputError when the allowed_signers file itself is malformed.
    """
    folder = Path(record_folder)
    if folder.is_file():
        folder = folder.parent
    allowed = Path(allowed_signers) if allowed_signers else default_allowed_signers(folder)
    if allowed is not None:
        check_allowed_signers(allowed)
    return folder_status(folder / history.REPORT, allowed, earlier_manifests(folder))


def folder_status(report: Path, allowed: Path | None, earlier: dict[str, str] | None = None) -> ReportStatus:
    """Verify the report in ``report`` (a record's ``report/``, or an earlier run kept in ``history/<time>/``).

    ``allowed`` is the allowed_signers file to verify signers with (None:
    signatures are checked for integrity only); ``earlier`` maps the
    manifests of earlier runs to their history folder (a sign-off over one of
    them is stale, not tampered).
    """
    earlier = earlier or {}
    try:
        manifest, data = manifest_mod.load(report, display_name(report / manifest_mod.MANIFEST))
    except InputError as exc:
        return ReportStatus("invalid", problems=[str(p) for p in exc.problems], allowed_signers=allowed)
    current = manifest_mod.sha256_bytes(data)
    files = manifest_mod.check_files(report, manifest, data)
    checks = [_check_one(report / manifest_mod.SIGNOFFS, name, current, manifest, allowed, earlier)
              for name in _signoff_names(report / manifest_mod.SIGNOFFS)]
    states = {c.state for c in checks}
    status = ReportStatus("unsigned", [c.to_json() for c in checks], files, [], current, allowed, checks)
    if files or "invalid" in states:
        status.state = "invalid"
    elif status.rejections:
        status.state = "rejected"
    elif "stale" in states:
        status.state = "stale"
    elif "unverified" in states:
        status.state = "unverified"
    elif checks:
        status.state = "signed"
    return status


def kept_signoffs(folder: Path, allowed: Path | None) -> list[SignoffCheck]:
    """Every sign-off of the earlier runs kept in ``REC/history/``, each checked against its own run.

    The policy looks here for approvals of the plan: the plan is signed on the
    run before the change, which the run after it moved to ``history/``.
    ``file`` names each as ``history/<time>/signoffs/NNN-...json``.
    """
    out: list[SignoffCheck] = []
    kept = Path(folder) / history.HISTORY
    if not kept.is_dir() or kept.is_symlink():
        return out
    for slot in sorted(kept.iterdir()):
        if slot.is_symlink() or not slot.is_dir() or not (slot / manifest_mod.SIGNOFFS).is_dir():
            continue
        for check in folder_status(slot, allowed).checks:
            check.file = f"{history.HISTORY}/{slot.name}/{check.file}"
            out.append(check)
    return out


def earlier_manifests(folder: Path) -> dict[str, str]:
    """SHA-256 of the manifest of every earlier run kept in ``REC/history/`` -> its folder name.

    A sign-off over one of them is stale: it signed a report that really
    existed and was re-run since. A sign-off over a manifest found nowhere
    signed a report that was changed afterwards (and re-hashed to look
    intact): that is tampering, not a re-run.
    """
    found: dict[str, str] = {}
    kept = Path(folder) / history.HISTORY
    if not kept.is_dir() or kept.is_symlink():
        return found
    for slot in sorted(kept.iterdir()):
        path = slot / manifest_mod.MANIFEST
        if slot.is_symlink() or path.is_symlink() or not path.is_file():
            continue
        try:
            found.setdefault(manifest_mod.sha256_file(path), slot.name)
        except OSError:
            continue
    return found


def _signoff_names(folder: Path) -> list[str]:
    """Every sign-off record name, plus orphan signatures and strangers (reported invalid)."""
    if not folder.is_dir():
        return []
    names = set()
    for p in folder.iterdir():
        names.add(p.name[:-4] if p.name.endswith(".json.sig") else p.name)
    return sorted(names)


def _check_one(folder: Path, name: str, current: str, manifest: dict[str, Any], allowed: Path | None,
               earlier: dict[str, str]) -> SignoffCheck:
    rec_path, sig_path = folder / name, folder / f"{name}.sig"
    shown = f"{manifest_mod.SIGNOFFS}/{name}"
    if not _FILE.match(name) or not rec_path.is_file() or rec_path.is_symlink():
        if not rec_path.exists() and sig_path.is_file():
            return SignoffCheck(shown, "invalid", "a signature without its sign-off record")
        return SignoffCheck(shown, "invalid", "not a sign-off record (expected NNN-role-signer.json and .json.sig)")
    data = rec_path.read_bytes()
    try:
        body = jsontext.loads(data.decode("utf-8"))
        if not isinstance(body, dict):
            raise ValueError("not a JSON object")
    except (UnicodeDecodeError, ValueError) as exc:
        return SignoffCheck(shown, "invalid", f"the sign-off record is not valid JSON ({one_line(str(exc), 80)})")
    check = SignoffCheck(shown, "invalid", "", *(_str(body.get(k)) for k in ("signer", "role", "decision", "comment", "time")))
    missing = [k for k in FIELDS if k not in body]
    if missing:
        check.reason = f"the sign-off record lacks {', '.join(missing)}"
        return check
    phase = body.get("phase", "result")  # records of kits before phases sign the whole report
    if phase not in PHASES:
        check.reason = f"the sign-off record has an unknown phase {one_line(repr(phase), 40)}"
        return check
    check.phase = phase
    if phase == "plan":
        listed = body.get("plan_files")
        if not isinstance(listed, list) or not listed or not all(
                isinstance(e, dict) and set(e) == {"path", "sha256"} and all(isinstance(v, str) for v in e.values())
                for e in listed):
            check.reason = "a plan sign-off record without its list of plan files (plan_files: path and sha256)"
            return check
        check.plan_files = sorted(listed, key=lambda e: e["path"])
    if body["role"] not in ROLES or body["decision"] not in DECISIONS or not isinstance(body["signer"], str):
        check.reason = "the sign-off record has an unknown role, decision or signer"
        return check
    if body["change"] != manifest.get("change"):
        check.reason = f"signs change {body['change']!r}, but this report is of {manifest.get('change')!r}"
        return check
    if not sig_path.is_file():
        check.reason = "no signature file (.json.sig)"
        return check
    good, why = _ssh_verify(rec_path, sig_path, body["signer"], allowed)
    untrusted = False
    if not good and allowed is not None:
        # The signature may be sound but by a key the file does not list for this signer.
        intact, how = _ssh_verify(rec_path, sig_path, body["signer"], None)
        if intact:
            untrusted, why = True, f"{how}; but {display_name(allowed)} does not list this key for {body['signer']}"
    if not good and not untrusted:
        check.reason = why
        return check
    if body["manifest_sha256"] != current:
        signed = str(body["manifest_sha256"])
        if signed in earlier:
            check.state = "stale"
            check.reason = (f"signed manifest {signed[:12]}... of an earlier run (kept in {history.HISTORY}/{earlier[signed]}); "
                            f"the report was re-run since (its manifest is now {current[:12]}...)")
        else:
            check.reason = (f"tampered: signed manifest {signed[:12]}..., but the report's manifest is now {current[:12]}... "
                            f"and no earlier run in {history.HISTORY}/ has the manifest this sign-off signed: "
                            "the report was changed after it was signed")
        return check
    if check.plan_files is not None and check.plan_files != plan_entries(manifest):
        check.reason = ("the plan files this plan sign-off lists are not the ones its report's manifest lists: "
                        "the sign-off or the manifest was changed")
        return check
    if untrusted:
        check.state, check.reason = "unverified", why
        return check
    if allowed is None:
        check.state = "unverified"
        check.reason = f"{why}; signer not verified: no allowed_signers file (give --allowed-signers)"
        return check
    check.state, check.reason = "valid", why
    return check


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _ssh_verify(record: Path, sig: Path, signer: str, allowed: Path | None) -> tuple[bool, str]:
    """``ssh-keygen -Y verify`` (or ``check-novalidate`` without allowed_signers) over the record's bytes."""
    program = ssh_keygen()
    if allowed is not None:
        argv = [program, "-Y", "verify", "-f", str(allowed), "-I", signer, "-n", NAMESPACE, "-s", str(sig)]
    else:
        argv = [program, "-Y", "check-novalidate", "-n", NAMESPACE, "-s", str(sig)]
    with open(record, "rb") as stdin:
        proc = subprocess.run(argv, stdin=stdin, capture_output=True, text=True)
    message = _last_line(proc.stdout) or _last_line(proc.stderr)
    if proc.returncode == 0:
        return True, message or "good signature"
    detail = _last_line(proc.stderr) or message or f"ssh-keygen exit code {proc.returncode}"
    return False, f"bad signature: {detail}"
