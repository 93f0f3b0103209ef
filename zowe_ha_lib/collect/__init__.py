"""Gather live evidence through z/OSMF into a change record's ``evidence/`` folder.

Public entry points:

* :func:`collect` runs a whole collection for a loaded record with given
  credentials and returns the :class:`~.collector.Result` (files already
  written unless the run stopped on a fatal error);
* :func:`collect_interactive` is the notebook form: it asks for the password
  with :func:`getpass.getpass` (so it never lands in a cell, its output or
  papermill parameters) and prints a short summary.

``zowe-ha collect`` (:mod:`zowe_ha_lib.commands.collect`) is the command-line form.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..record.load import display_name, load_record
from ..record.model import ChangeRecord
from ..record.tree import record_lock, refuse_links, written_folders
from ..util.errors import InputError, Problem
from .client import Endpoint, ZosmfClient, parse_url, tls_context
from .collector import (
    REPORT,
    Result,
    Settings,
    check_writable,
    clean_staging,
    run,
    staging_for,
    write,
)
from .commands import DISPLAYS, Item, plan
from .credentials import ENV_PASSWORD, ENV_USER, Credentials

__all__ = ["DISPLAYS", "REPORT", "Credentials", "Item", "Result", "Settings", "collect", "collect_interactive", "endpoint"]


def endpoint(url: str) -> Endpoint:
    """The ``--zosmf`` URL checked, or InputError (exit 2) with a message that never echoes a password."""
    try:
        return parse_url(url)
    except ValueError as exc:
        raise InputError(Problem("--zosmf", None, "", str(exc))) from None


def collect(
    record: ChangeRecord,
    url: str,
    credentials: Credentials,
    *,
    ca_bundle: str | None = None,
    insecure: bool = False,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    settings: Settings | None = None,
    profiles: list[tuple[str, str]] = (),
    izuprm: list[tuple[str, str]] = (),
    zowe_yaml_path: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Collect every display for every system of ``record`` (and the named files) and write them.

    Returns the result; ``result.status`` is ``complete``, ``partial`` or
    ``failed``. When ``result.fatal`` is set (wrong password, untrusted
    certificate, unknown host) nothing was written.
    """
    where = endpoint(url)
    if ca_bundle and not Path(ca_bundle).is_file():
        raise InputError(Problem(str(ca_bundle), None, "", "no such CA bundle file (--ca-bundle)"))
    try:
        context = tls_context(ca_bundle, insecure)
    except (OSError, ValueError) as exc:
        raise InputError(Problem(str(ca_bundle), None, "", f"cannot load CA bundle: {exc}")) from None
    client = ZosmfClient(where, credentials, context=context, timeout=timeout, retries=retries, backoff=backoff)
    target = record.zowe_config or "zowe.yaml"
    items = plan(record, profiles=list(profiles), izuprm=list(izuprm), zowe_yaml_path=zowe_yaml_path, zowe_target=target)
    folder, shown = Path(record.folder), display_name(record.folder)
    # The record is locked for the whole collection: a run must not read half old, half new evidence.
    with record_lock(folder, shown, "collect"):
        targets = [item.target for item in items] + [REPORT]
        refuse_links(folder, shown, written_folders(folder, record.sysplex.system_names)
                     + sorted({str(PurePosixPath(t).parent) for t in targets}))
        clean_staging(folder)
        check_writable(folder, shown, targets)
        # Made now, so that a record nobody may write in is found out before the password is sent.
        with staging_for(folder, shown) as stage:
            result = run(client, items, record, settings, progress)
            if zowe_yaml_path and not record.zowe_config:
                result.notes.append("the change record names no zowe.yaml; add 'zowe: {config: zowe.yaml}' to change.yaml so that check reads it")
            if insecure:
                result.notes.append("TLS certificate verification was off (--insecure)")
            if not result.fatal:
                write(result, record, where.display, credentials.user, client.redactor, stage)
    return result


def collect_interactive(record_path: str | os.PathLike[str], url: str, user: str | None = None, *,
                        ca_bundle: str | None = None, insecure: bool = False, poll_interval: float | None = None,
                        **options) -> Result | None:
    """Notebook step: collect and print a summary; the password stays in this call.

    The password comes from ``ZOWE_HA_ZOSMF_PASSWORD`` when the kernel was
    started with it (as for the command line), else from a getpass prompt,
    which JupyterLab shows as a masked input that is not saved in the notebook.
    The step is optional: an empty ``url`` skips it (and says so), and empty
    ``user`` and ``ca_bundle`` mean "not given", as notebook parameters are
    plain strings.
    """
    if not url:
        print("Collection through z/OSMF skipped (zosmf_url is empty); captured evidence is used as it is.")
        return None
    record = load_record(record_path)
    name = user or os.environ.get(ENV_USER) or input("z/OSMF user: ").strip()
    secret = os.environ.get(ENV_PASSWORD)
    if secret:
        credentials = Credentials(name, secret, "environment")
    else:
        credentials = Credentials(name, getpass.getpass(f"Password for {name} at {url}: "), "prompt")
    del secret
    if poll_interval is not None:
        options["settings"] = replace(options.get("settings") or Settings(), poll_interval=poll_interval)
    try:
        result = collect(record, url, credentials, ca_bundle=ca_bundle or None, insecure=insecure, progress=print, **options)
    finally:
        del credentials
    if result.fatal:
        print(f"collection stopped, nothing written: {result.fatal}")
    else:
        print(f"collection {result.status}: {len(result.collected)} collected, {len(result.missing)} missing; "
              f"see {record.folder / REPORT}")
    return result
