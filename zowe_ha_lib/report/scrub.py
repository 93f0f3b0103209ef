"""Removing what a report must not carry: secrets, local paths, user and host names.

A report is signed and may be published, so it must not reveal the machine it
ran on. papermill writes the input and output paths and the environment into
``metadata.papermill``; tracebacks and printed values carry the absolute paths
of the virtual environment, the kit and the record; a notebook may print an
environment variable that holds a password. The runner scrubs every report
file with a :class:`Scrubber` *before* hashing it, then asks
:meth:`Scrubber.leaks` for a last look at the exact bytes.

Secrets are the values of environment variables whose names look secret
(PASSWORD, PASSWD, TOKEN, SECRET, KEY, CREDENTIAL, or ZOSMF_*). Values shorter
than four characters, and numbers shorter than six digits (port numbers), are
not treated as secrets: replacing them everywhere would rewrite ordinary text.
Each is removed in every form :mod:`zowe_ha_lib.util.redact` knows (URL and
HTML encodings, base64, JSON escapes, a revealing prefix of any of them), the
same rules ``collect`` applies to the z/OSMF password.
For the same reason the user name ``root`` is left alone (it names no person,
and "root" is an ordinary word in z/OS UNIX texts); its home folder is still
replaced by ``<home>``.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import socket
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..resources import notebooks_dir, package_dir
from ..util.redact import REDACTED, Secret, SecretSet

SECRET_NAME = re.compile(r"PASSWORD|PASSWD|TOKEN|SECRET|KEY|CREDENTIAL|^ZOSMF_", re.IGNORECASE)
# The z/OSMF credentials collect reads: with both set, the Basic token of user:password is a form too.
ENV_USER, ENV_PASSWORD = "ZOWE_HA_ZOSMF_USER", "ZOWE_HA_ZOSMF_PASSWORD"
__all__ = ["REDACTED", "Scrubber", "secret_values"]
# papermill's notebook metadata worth keeping: no paths, no environment.
PAPERMILL_KEEP = ("parameters", "version", "start_time", "end_time", "duration", "exception")
# Output MIME types whose strings are base64 data, not text to rewrite.
_BINARY = re.compile(r"^(image/(?!svg)|application/(pdf|octet-stream))")
_PATH_CHAR = r"[\w.\-/]"
_OTHER_HOMES = re.compile(r"(?<![\w.\-/])/(home|Users)/[^/\s\"']+")


def secret_values(environ: Mapping[str, str]) -> dict[str, str]:
    """``{value: variable name}`` of every environment value that is a secret."""
    found: dict[str, str] = {}
    for name, value in environ.items():
        if not SECRET_NAME.search(name) or len(value) < 4:
            continue
        if value.isdigit() and len(value) < 6:
            continue
        found.setdefault(value, name)
    return found


@dataclass
class Scrubber:
    """Rewrites text so that no secret, local path, user or host name is left.

    ``paths`` maps absolute paths to their stand-ins (a relative path or a
    placeholder such as ``<venv>``); longer paths are replaced first, so the
    record folder inside the kit becomes ``.``, not ``<kit>/runbooks/...``.
    """

    secrets: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    user: str | None = None  # the z/OSMF user, whose Basic token with $ZOWE_HA_ZOSMF_PASSWORD is a form of it

    def __post_init__(self) -> None:
        literals = sorted({p for p in self.paths if p and p != "/"}, key=len, reverse=True)
        self._paths = [
            (p, re.compile(rf"(?<!{_PATH_CHAR}){re.escape(p)}(?![\w.\-])"), self.paths[p]) for p in literals
        ]
        self._secrets = SecretSet.of(
            Secret.of(value, f"the value of ${name}", self.user if name == ENV_PASSWORD else None)
            for value, name in sorted(self.secrets.items(), key=lambda item: -len(item[0]))
        )
        self._words = [(re.compile(rf"(?<![\w.-]){re.escape(w)}(?![\w-])"), s) for w, s in self.words.items()]

    @classmethod
    def for_run(cls, record_folder: Path, extra_paths: Mapping[str, str] | None = None,
                environ: Mapping[str, str] | None = None) -> Scrubber:
        """The scrubber for a run of the record in ``record_folder`` on this machine."""
        env = os.environ if environ is None else environ
        paths: dict[str, str] = {}

        def add(path: Path | str | None, stand_in: str) -> None:
            if not path:
                return
            for variant in {str(path), os.path.realpath(path), os.path.abspath(path)}:
                if os.path.isabs(variant) and len(variant) > 1:
                    paths.setdefault(variant.rstrip("/"), stand_in)

        for given, stand_in in (extra_paths or {}).items():
            add(given, stand_in)
        add(Path(record_folder), ".")
        add(package_dir(), "<kit>")
        add(notebooks_dir().parent, "<kit>")
        add(sys.prefix, "<venv>")
        add(sys.base_prefix, "<python>")
        add(os.path.expanduser("~"), "<home>")
        add(tempfile.gettempdir(), "<tmp>")
        words: dict[str, str] = {}
        user = _user_name()
        if user and user != "root" and len(user) >= 3:
            words[user] = "<user>"
        host = socket.gethostname()
        if host and host != "localhost" and len(host) >= 2:
            words[host] = "<host>"
            short = host.split(".")[0]
            if len(short) >= 2:
                words.setdefault(short, "<host>")
        return cls(secret_values(env), paths, words, env.get(ENV_USER) or None)

    def text(self, value: str) -> str:
        """``value`` with every secret, local path, user and host name replaced."""
        value = self._secrets.redact(value)
        for _, pattern, stand_in in self._paths:
            value = pattern.sub(stand_in, value)
        value = _OTHER_HOMES.sub("<home>", value)
        for pattern, stand_in in self._words:
            value = pattern.sub(stand_in, value)
        return value

    def value(self, obj: Any) -> Any:
        """Scrub every string (keys too) of a JSON-like value."""
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, list):
            return [self.value(v) for v in obj]
        if isinstance(obj, dict):
            return {self.text(k) if isinstance(k, str) else k: self.value(v) for k, v in obj.items()}
        return obj

    def notebook(self, nb: dict[str, Any]) -> dict[str, Any]:
        """A scrubbed copy of an executed notebook (as loaded from JSON)."""
        out = dict(nb)
        meta = dict(nb.get("metadata") or {})
        if isinstance(meta.get("papermill"), dict):
            meta["papermill"] = {k: v for k, v in meta["papermill"].items() if k in PAPERMILL_KEEP}
        out["metadata"] = self.value(meta)
        cells = []
        for cell in nb.get("cells", []):
            cell = dict(cell)
            outputs = cell.pop("outputs", None)
            cell = self.value(cell)
            if outputs is not None:
                cell["outputs"] = [self._output(o) for o in outputs]
            cells.append(cell)
        out["cells"] = cells
        return out

    def _output(self, output: dict[str, Any]) -> dict[str, Any]:
        output = dict(output)
        data = output.pop("data", None)
        output = self.value(output)
        if isinstance(data, dict):
            output["data"] = {k: (v if _BINARY.match(k) else self.value(v)) for k, v in data.items()}
        return output

    def file(self, rel: str, data: bytes) -> bytes:
        """Scrub one report file's bytes; notebooks and JSON as data, other text as text."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return data
        if rel.endswith((".ipynb", ".json")):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError:
                return self.text(text).encode("utf-8")
            cleaned = self.notebook(parsed) if rel.endswith(".ipynb") else self.value(parsed)
            if cleaned == parsed:
                return data  # untouched files keep their exact bytes
            if rel.endswith(".ipynb"):  # the layout nbformat writes
                return (json.dumps(cleaned, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
            return (json.dumps(cleaned, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        cleaned_text = self.text(text)
        return data if cleaned_text == text else cleaned_text.encode("utf-8")

    def leaks(self, data: bytes) -> list[str]:
        """What of the secrets, paths and names still appears in ``data`` (a last check)."""
        found = self._secrets.found(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return found
        # Short paths such as /tmp can occur by chance inside base64 image data.
        for literal, pattern, stand_in in self._paths:
            if len(literal) >= 8 and pattern.search(text):
                found.append(f"a local path (shown as {stand_in})")
        return found


def _user_name() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
