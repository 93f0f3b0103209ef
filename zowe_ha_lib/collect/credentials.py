"""Where the z/OSMF user and password come from, and how the password is kept.

The password is a RACF (or ACF2/Top Secret) password: a leak is a security
incident, and too many wrong tries revoke the user. So:

* it is never accepted on the command line (argv is visible to every local
  user through ``ps``), only from the environment, a prompt on a terminal, or
  a Zowe CLI team configuration file that already holds it in plain text;
* it lives in one :class:`Credentials` object whose ``repr`` and ``str`` hide
  it, so a log line or an exception message that formats the object shows
  ``password=***``;
* nothing here writes it anywhere.

The Zowe CLI normally keeps user and password in the operating system's
secure credential manager (``"secure": ["user", "password"]`` in the profile).
That store is *not* read: reading it needs native keyring bindings the kit
does not ship. Only values written in plain text in the file are used; the
messages say so.
"""

from __future__ import annotations

import base64
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..util import jsontext
from ..util.errors import InputError, Problem

ENV_USER = "ZOWE_HA_ZOSMF_USER"
ENV_PASSWORD = "ZOWE_HA_ZOSMF_PASSWORD"
TEAM_CONFIG_NAMES = ("zowe.config.user.json", "zowe.config.json")


@dataclass(frozen=True)
class Credentials:
    """A user and password for HTTP basic authentication; the password never prints."""

    user: str
    password: str = field(repr=False)
    source: str = "unknown"

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password=***, source={self.source!r})"

    __str__ = __repr__

    def basic_header(self) -> str:
        """The ``Authorization`` header value (built on demand, never stored)."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


@dataclass(frozen=True)
class TeamProfile:
    """The parts of a Zowe CLI zosmf profile the collector can use."""

    file: str
    name: str
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    reject_unauthorized: bool = True
    secure: tuple[str, ...] = ()

    @property
    def url(self) -> str | None:
        if not self.host:
            return None
        return f"https://{self.host}:{self.port or 443}"


# A JSON string (kept whole, so nothing inside one is ever touched), else what to drop.
_STRING = r'("(?:\\.|[^"\\])*")'
_COMMENT = re.compile(_STRING + r"|//[^\n]*|/\*.*?(?:\*/|\Z)", re.S)
_TRAILING_COMMA = re.compile(_STRING + r"|,(?=\s*[}\]])")


def _strip_json_comments(text: str) -> str:
    """Drop ``//`` and ``/* */`` comments outside strings (team configs are JSONC)."""
    return _COMMENT.sub(lambda m: m.group(1) or "", text)


def _strip_trailing_commas(text: str) -> str:
    """Drop a comma that only precedes ``}`` or ``]`` (allowed in JSONC), never one inside a string."""
    return _TRAILING_COMMA.sub(lambda m: m.group(1) or "", text)


def find_team_config(start: Path | None = None, home: Path | None = None) -> Path | None:
    """The team configuration the Zowe CLI would use: project folder first, then ~/.zowe."""
    start = Path(start or Path.cwd())
    for folder in (start, *start.parents):
        for name in TEAM_CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    zowe_home = Path(os.environ.get("ZOWE_CLI_HOME") or (home or Path.home()) / ".zowe")
    for name in TEAM_CONFIG_NAMES:
        if (zowe_home / name).is_file():
            return zowe_home / name
    return None


def _profile_at(profiles: Mapping[str, Any], dotted: str) -> Mapping[str, Any] | None:
    node: Any = {"profiles": profiles}
    for part in dotted.split("."):
        node = (node.get("profiles") or {}).get(part) if isinstance(node, Mapping) else None
        if not isinstance(node, Mapping):
            return None
    return node


def _properties_along(profiles: Mapping[str, Any], dotted: str) -> dict[str, Any]:
    """Properties of a nested profile, inheriting from its parents (Zowe CLI semantics)."""
    merged: dict[str, Any] = {}
    parts = dotted.split(".")
    for i in range(1, len(parts) + 1):
        node = _profile_at(profiles, ".".join(parts[:i]))
        if node and isinstance(node.get("properties"), Mapping):
            merged.update(node["properties"])
    return merged


def load_team_profile(path: Path, name: str | None = None) -> TeamProfile:
    """Read the zosmf profile ``name`` (default: the file's default zosmf profile) merged with base."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(Problem(shown, None, "", f"cannot read Zowe team configuration: {exc.strerror}")) from None
    try:
        data = jsontext.loads(_strip_trailing_commas(_strip_json_comments(text)))
    except json.JSONDecodeError as exc:
        raise InputError(Problem(shown, exc.lineno, "", f"not valid JSON: {exc.msg}")) from None
    if not isinstance(data, Mapping) or not isinstance(data.get("profiles"), Mapping):
        raise InputError(Problem(shown, None, "profiles", "a Zowe team configuration needs a 'profiles' mapping"))
    profiles = data["profiles"]
    defaults = data.get("defaults") if isinstance(data.get("defaults"), Mapping) else {}
    chosen = name or defaults.get("zosmf")
    if not chosen:
        candidates = [k for k, v in profiles.items() if isinstance(v, Mapping) and v.get("type") == "zosmf"]
        chosen = candidates[0] if len(candidates) == 1 else None
    if not chosen:
        raise InputError(Problem(shown, None, "defaults.zosmf", "no default zosmf profile; name one with --zowe-profile"))
    node = _profile_at(profiles, chosen)
    if node is None:
        raise InputError(Problem(shown, None, f"profiles.{chosen}", "no such profile"))
    props: dict[str, Any] = {}
    base_name = defaults.get("base")
    if base_name and _profile_at(profiles, base_name):
        props.update(_properties_along(profiles, base_name))
    props.update(_properties_along(profiles, chosen))
    secure = tuple(str(s) for s in (node.get("secure") or []))
    port = props.get("port")
    try:
        port = int(port) if port is not None else None
    except (TypeError, ValueError):
        raise InputError(Problem(shown, None, f"profiles.{chosen}.properties.port", f"expected a port number, got {port!r}")) from None
    return TeamProfile(
        file=shown,
        name=chosen,
        host=props.get("host"),
        port=port,
        user=props.get("user"),
        password=props.get("password"),
        reject_unauthorized=props.get("rejectUnauthorized", True) is not False,
        secure=secure,
    )


def team_profile(config: Path | None, name: str | None, *, url_given: bool) -> TeamProfile | None:
    """The zosmf profile that applies to a collection, or None.

    ``config`` is the file the user named; without one, the team configuration
    the Zowe CLI would use is looked up when a profile was named or no z/OSMF
    address was given. InputError for a named file that is missing or wrong.
    """
    if config is None and (name or not url_given):
        config = find_team_config()
    if config is None:
        return None
    if not config.is_file():
        raise InputError(Problem(str(config), None, "", "no such Zowe team configuration file (--zowe-config)"))
    return load_team_profile(config, name)


def _stdin_is_tty() -> bool:
    try:
        return bool(sys.stdin and sys.stdin.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def resolve(
    user: str | None,
    profile: TeamProfile | None = None,
    environ: Mapping[str, str] | None = None,
    prompt: Callable[[str], str] | None = None,
    is_tty: bool | None = None,
    target: str = "z/OSMF",
) -> Credentials:
    """Find user and password: option or env for the user; env, profile, then prompt for the password.

    ``prompt`` defaults to :func:`getpass.getpass`, used only when stdin is a
    terminal; otherwise a missing password is a usage error (exit 2) naming
    the ways to give one.
    """
    env = os.environ if environ is None else environ
    name = user or env.get(ENV_USER) or (profile.user if profile else None)
    if not name:
        where = f" or a 'user' in profile {profile.name} of {profile.file}" if profile else ""
        raise InputError(Problem("--user", None, "", f"no z/OSMF user: give --user USER or set {ENV_USER}{where}"))
    if env.get(ENV_PASSWORD):
        return Credentials(name, env[ENV_PASSWORD], f"environment variable {ENV_PASSWORD}")
    if profile and profile.password and (not profile.user or profile.user == name):
        return Credentials(name, profile.password, f"plain-text password in {profile.file}")
    tty = _stdin_is_tty() if is_tty is None else is_tty
    if not tty:
        hint = ""
        if profile and "password" in profile.secure:
            hint = (f"; profile {profile.name} keeps it in the secure credential manager, which zowe-ha does not read")
        raise InputError(Problem(
            "password", None, "",
            f"no z/OSMF password: set {ENV_PASSWORD} or run on a terminal to be prompted (it is never taken from the command line){hint}",
        ))
    ask = prompt or getpass.getpass
    secret = ask(f"Password for {name} at {target}: ")
    if not secret:
        raise InputError(Problem("password", None, "", "empty password"))
    return Credentials(name, secret, "prompt")
