"""A small z/OSMF REST client: HTTPS, basic authentication, retries, clear errors.

Only two z/OSMF services are needed, so this talks to the documented REST
API with the standard library instead of pulling in the pre-release Zowe
Python SDK and its dependency tree:

* z/OS console services: ``PUT /zosmf/restconsoles/consoles/{console}`` with
  ``{"cmd", "system", "async", "sol-key"}``; the reply carries
  ``cmd-response`` (lines separated by ``\\r``), ``cmd-response-key`` and
  ``cmd-response-url``; later messages come from
  ``GET /zosmf/restconsoles/consoles/{console}/solmsgs/{key}``.
* z/OS data set and file services: ``GET /zosmf/restfiles/ds/{dsname}`` or
  ``.../ds/{dsname}({member})`` and ``GET /zosmf/restfiles/fs/{path}``.

Every request carries the ``X-CSRF-ZOSMF-HEADER`` header z/OSMF requires.

Errors fall in three groups, because each needs a different reaction:

* :class:`FatalError` (401, 403, an untrusted certificate, an unknown host):
  stop at once. Retrying a wrong password can revoke the user, and every
  other request would fail the same way. The command exits 2.
* :class:`TransportError` (refused, dropped, timed out) after the retries:
  the server is unreachable; the collector stops and reports what is missing.
* :class:`RequestError` (404 for a data set, 500 after the retries, a reply
  that is not the documented JSON): that one item is missing; others go on.

No message ever contains the password or the ``Authorization`` header: only
the method, the path, the status and z/OSMF's own one-line reason. And since
a misbehaving server or proxy may echo them anyway (in an HTML error page,
URL-encoded, in a cut-off copy of the header), every text the client hands
on, answers and reasons alike, first passes through the client's
:class:`~zowe_ha_lib.util.redact.SecretSet`, before anything is cut to one
line.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..util import jsontext
from ..util.errors import one_line
from ..util.redact import Secret, SecretSet
from .credentials import Credentials

MAX_BODY = 16 * 1024 * 1024
RETRY_STATUSES = frozenset({500, 502, 503, 504})
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


class CollectError(Exception):
    """Base of the client's errors; ``str()`` is one line fit for a person."""


class FatalError(CollectError):
    """Stop the whole collection (authentication, authorisation, certificate, host)."""


class ForbiddenError(FatalError):
    """HTTP 403: the user may not use this z/OSMF service (the other service may still work)."""


class TransportError(CollectError):
    """The server could not be reached or dropped the connection, after every retry."""


class RequestError(CollectError):
    """One request failed; the others may still work."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Endpoint:
    """Where z/OSMF listens: ``https://host:port[/prefix]`` (the prefix for an API ML route)."""

    host: str
    port: int
    prefix: str = ""

    @property
    def display(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}{self.prefix}"


def parse_url(url: str) -> Endpoint:
    """Check and split the ``--zosmf`` URL; raise ValueError with a message that never echoes a password."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValueError("not a URL; expected https://HOST:PORT") from None
    if parts.username is not None or parts.password is not None:
        raise ValueError("the URL contains a user or password; give the user with --user and the password by prompt or environment")
    if parts.scheme.lower() != "https":
        raise ValueError(f"expected an https:// URL (got scheme {parts.scheme or 'none'!r}); z/OSMF credentials are never sent unencrypted")
    if not parts.hostname:
        raise ValueError("no host name; expected https://HOST:PORT")
    if parts.query or parts.fragment:
        raise ValueError("the URL may not have a query or fragment; expected https://HOST:PORT")
    prefix = parts.path.rstrip("/")
    if prefix.endswith("/zosmf"):
        prefix = prefix[: -len("/zosmf")]
    return Endpoint(parts.hostname, port or 443, prefix)


def tls_context(ca_bundle: str | None = None, insecure: bool = False) -> ssl.SSLContext:
    """TLS settings: the system trust store (plus ``ca_bundle``), or no verification if asked."""
    if insecure:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    else:
        ctx = ssl.create_default_context()
        if ca_bundle:
            ctx.load_verify_locations(cafile=ca_bundle)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


@dataclass
class Response:
    """One reply; :meth:`text` and :meth:`json` give it with the credentials redacted."""

    status: int
    headers: dict[str, str]
    body: bytes
    redactor: SecretSet = field(default_factory=SecretSet, repr=False)

    def text(self) -> str:
        charset = "utf-8"
        ctype = self.headers.get("content-type", "")
        for part in ctype.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            text = self.body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = self.body.decode("latin-1")
        return self.redactor.redact(text)

    def json(self) -> Any:
        return _redacted(jsontext.loads(self.body.decode("utf-8", errors="replace")), self.redactor)


def _redacted(value: Any, redactor: SecretSet) -> Any:
    """Every string (keys too) of a decoded JSON reply with the credentials redacted."""
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, list):
        return [_redacted(v, redactor) for v in value]
    if isinstance(value, dict):
        return {redactor.redact(k): _redacted(v, redactor) for k, v in value.items()}
    return value


@dataclass
class ZosmfClient:
    """One z/OSMF server and one user. Requests are retried with bounded exponential backoff."""

    endpoint: Endpoint
    credentials: Credentials = field(repr=False)
    context: ssl.SSLContext = field(repr=False, default_factory=tls_context)
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    backoff_max: float = 8.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    requests_made: int = 0
    redactor: SecretSet = field(init=False, repr=False)

    def __post_init__(self) -> None:
        creds = self.credentials
        self.redactor = SecretSet.of([Secret.of(creds.password, "the z/OSMF password", creds.user)] if creds.password else [])

    # -- transport ---------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Response:
        """Send one request, retrying 5xx, time-outs and dropped connections; never follow redirects."""
        what = f"{method} {path}"
        attempts = max(0, self.retries) + 1
        last: CollectError | None = None
        for attempt in range(attempts):
            if attempt:
                self.sleep(self._delay(attempt, last))
            try:
                response = self._once(method, path, body, headers)
            except TransportError as exc:
                last = exc
                continue
            if response.status in RETRY_STATUSES:
                last = RequestError(f"{what}: HTTP {response.status}{_reason(response)}", response.status)
                last.retry_after = response.headers.get("retry-after")  # type: ignore[attr-defined]
                continue
            return self._check(what, response)
        assert last is not None
        if isinstance(last, TransportError):
            raise TransportError(f"{last} (after {attempts} attempt{'s' if attempts > 1 else ''})")
        raise RequestError(f"{last} (after {attempts} attempt{'s' if attempts > 1 else ''})", getattr(last, "status", None))

    def _delay(self, attempt: int, last: CollectError | None) -> float:
        delay = min(self.backoff_max, self.backoff * (2 ** (attempt - 1)))
        hint = getattr(last, "retry_after", None)
        if hint and str(hint).isdigit():
            delay = min(self.backoff_max, max(delay, float(hint)))
        return delay

    def _once(self, method: str, path: str, body: Any, headers: dict[str, str] | None) -> Response:
        where = self.endpoint.display
        payload = None if body is None else json.dumps(body).encode("utf-8")
        send = {
            "X-CSRF-ZOSMF-HEADER": "true",
            "Accept": "application/json, text/plain;q=0.9, */*;q=0.5",
            "Authorization": self.credentials.basic_header(),
        }
        if payload is not None:
            send["Content-Type"] = "application/json"
        send.update(headers or {})
        conn = http.client.HTTPSConnection(self.endpoint.host, self.endpoint.port, timeout=self.timeout, context=self.context)
        self.requests_made += 1
        try:
            conn.request(method, self.endpoint.prefix + path, body=payload, headers=send)
            raw = conn.getresponse()
            data = raw.read(MAX_BODY + 1)
            if len(data) > MAX_BODY:
                raise RequestError(f"{method} {path}: reply larger than {MAX_BODY} bytes")
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, self.redactor)
        except ssl.SSLCertVerificationError as exc:
            reason = one_line(exc.verify_message or exc.reason or "verification failed")
            raise FatalError(
                f"{where}: the server's certificate is not trusted ({reason}); give its CA with --ca-bundle FILE "
                "(or --insecure on a test system only)"
            ) from None
        except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
            raise TransportError(f"{method} {path}: the connection was dropped during the TLS handshake") from None
        except ssl.SSLError as exc:
            raise FatalError(f"{where}: TLS handshake failed ({one_line(exc.reason or str(exc))}); is this an HTTPS port?") from None
        except socket.gaierror:
            raise FatalError(f"{where}: cannot resolve host name {self.endpoint.host!r}") from None
        except ConnectionRefusedError:
            raise TransportError(f"{where}: connection refused; is z/OSMF running and the port right?") from None
        except TimeoutError:
            raise TransportError(f"{method} {path}: no reply within {self.timeout:g} s (raise --timeout if z/OSMF is slow)") from None
        except (http.client.RemoteDisconnected, http.client.IncompleteRead, ConnectionResetError, BrokenPipeError,
                ConnectionAbortedError, http.client.BadStatusLine):
            raise TransportError(f"{method} {path}: the connection was dropped before a complete reply") from None
        except OSError as exc:
            raise TransportError(f"{where}: network error: {one_line(exc.strerror or type(exc).__name__)}") from None
        finally:
            conn.close()

    def _check(self, what: str, response: Response) -> Response:
        status = response.status
        if status == 401:
            raise FatalError(f"{what}: HTTP 401: z/OSMF rejected the user or password (stopped at once: retrying could revoke the user)")
        if status == 403:
            raise ForbiddenError(f"{what}: HTTP 403: the user is not authorised for this z/OSMF service{_reason(response)}")
        if 300 <= status < 400:
            target = self.redactor.redact(response.headers.get("location", "?"))
            raise FatalError(f"{what}: HTTP {status} redirect to {one_line(target, 80)}; give that address with --zosmf (redirects are not followed)")
        if status >= 400:
            raise RequestError(f"{what}: HTTP {status}{_reason(response)}", status)
        return response

    # -- console services --------------------------------------------------------------------
    def issue_command(self, console: str, command: str, system: str | None, *, sol_key: str | None = None,
                      asynchronous: bool = False) -> dict[str, Any]:
        """PUT one command to a console; returns the documented JSON reply."""
        body: dict[str, Any] = {"cmd": command, "async": "Y" if asynchronous else "N"}
        if system:
            body["system"] = system
        if sol_key:
            body["sol-key"] = sol_key
        path = f"/zosmf/restconsoles/consoles/{urllib.parse.quote(console, safe='')}"
        return _json_object(f"PUT {path}", self.request("PUT", path, body))

    def solicited_messages(self, console: str, key: str) -> dict[str, Any]:
        """GET the solicited messages that arrived for a command response key."""
        if not key or not set(key) <= _KEY_CHARS or len(key) > 64:
            raise RequestError(f"z/OSMF returned an unusable cmd-response-key {one_line(key, 40)!r}")
        path = f"/zosmf/restconsoles/consoles/{urllib.parse.quote(console, safe='')}/solmsgs/{key}"
        return _json_object(f"GET {path}", self.request("GET", path))

    # -- data set and file services ----------------------------------------------------------
    def read_dataset(self, dsname: str) -> str:
        """Text of a sequential data set or ``DSN(MEMBER)``."""
        path = "/zosmf/restfiles/ds/" + urllib.parse.quote(dsname.upper(), safe="()$#@.")
        return self.request("GET", path, headers={"X-IBM-Data-Type": "text", "Accept": "text/plain"}).text()

    def read_uss_file(self, file_path: str) -> str:
        """Text of a z/OS UNIX file given by its absolute path."""
        path = "/zosmf/restfiles/fs" + urllib.parse.quote(file_path, safe="/._-@#$+")
        return self.request("GET", path, headers={"X-IBM-Data-Type": "text", "Accept": "text/plain"}).text()


def _reason(response: Response) -> str:
    """z/OSMF's own error text, on one short line (its JSON ``message`` or ``reason``)."""
    try:
        doc = response.json()
    except ValueError:
        text = one_line(response.text()[:300], 100)  # redacted whole, then cut
        return f": {text}" if text else ""
    if isinstance(doc, dict):
        for key in ("message", "reason", "msg", "details"):
            value = doc.get(key)
            if isinstance(value, list):
                value = " ".join(str(v) for v in value)
            if value:
                return f": {one_line(str(value), 120)}"
    return ""


def _json_object(what: str, response: Response) -> dict[str, Any]:
    try:
        doc = response.json()
    except ValueError:
        raise RequestError(f"{what}: the reply is not JSON") from None
    if not isinstance(doc, dict):
        raise RequestError(f"{what}: expected a JSON object in the reply")
    return doc


def console_exchange(client: ZosmfClient, console: str, command: str, system: str | None, *,
                     sol_key: str | None = None, follow_ups: int = 3, poll_interval: float = 1.0,
                     asynchronous: bool = False) -> str:
    """Issue ``command`` and gather its solicited response text, exactly as z/OSMF gives it.

    A synchronous PUT returns what arrived within z/OSMF's own short wait; the
    rest (or, in the asynchronous form, all of it) is fetched with GET
    ``solmsgs/{key}``. Follow-ups stop at the first empty answer once text has
    arrived (and the ``sol-key``, if any, was seen), or after ``follow_ups``
    tries, so the loop is bounded. Pieces are joined with ``\\r``, the
    separator z/OSMF itself uses between lines.
    """
    first = client.issue_command(console, command, system, sol_key=sol_key, asynchronous=asynchronous)
    pieces: list[str] = []
    text = first.get("cmd-response")
    if isinstance(text, str) and text:
        pieces.append(text)
    detected = bool(first.get("sol-key-detected")) or not sol_key
    key = first.get("cmd-response-key")
    if not isinstance(key, str) or not key:
        if pieces:
            return _join(pieces)
        raise RequestError(f"{command}: z/OSMF returned neither a response nor a cmd-response-key")
    for _ in range(max(0, follow_ups)):
        client.sleep(poll_interval)
        more = client.solicited_messages(console, key)
        extra = more.get("cmd-response")
        detected = detected or bool(more.get("sol-key-detected"))
        if isinstance(extra, str) and extra:
            pieces.append(extra)
        elif pieces and detected:
            break
    if not pieces:
        raise RequestError(f"{command}: no response arrived (waited for {follow_ups} follow-up(s))")
    return _join(pieces)


def _join(pieces: list[str]) -> str:
    out = pieces[0]
    for piece in pieces[1:]:
        if not out.endswith(("\r", "\n")) and not piece.startswith(("\r", "\n")):
            out += "\r"
        out += piece
    return out

