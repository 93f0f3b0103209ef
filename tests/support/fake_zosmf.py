"""A fake z/OSMF server on 127.0.0.1 for the collector's tests.

It speaks HTTPS (a self-signed certificate made at test time with the
``openssl`` command) and implements the documented parts of two z/OSMF services:

* console: ``PUT /zosmf/restconsoles/consoles/{name}`` with a JSON body
  ``{"cmd", "system", "async", "sol-key"}`` and
  ``GET /zosmf/restconsoles/consoles/{name}/solmsgs/{key}``; replies carry
  ``cmd-response-key``, ``cmd-response-url``, ``cmd-response-uri``,
  ``cmd-response`` (lines joined with ``\\r``, as z/OSMF does) and
  ``sol-key-detected``;
* files: ``GET /zosmf/restfiles/ds/{dsname}[({member})]`` and
  ``GET /zosmf/restfiles/fs/{path}``.

Every request needs basic authentication and the ``X-CSRF-ZOSMF-HEADER``
header. How a command's answer is delivered is chosen per server: ``sync``
(all in the PUT reply), ``split`` (half in the PUT, the rest on the first
GET) or ``async`` (the PUT only returns the key, the first GET is still
empty, the second has the text).

A whole simulated console can sit behind the console API (``console``; see
:mod:`tests.support.fake_sysplex`, the sysplex the failover drills run on).

Faults are injected with :meth:`FakeZosmf.fault`: an HTTP status, a delay
(to trip the client's time-out) or a dropped connection, for the next N
requests whose path contains a given text. Requests are logged without the
``Authorization`` header so tests can inspect them.
"""

from __future__ import annotations

import base64
import html
import http.server
import json
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def make_certificate(folder: Path, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")) -> tuple[Path, Path]:
    """A self-signed certificate and key for ``hosts`` (IP addresses or DNS names), as PEM files.

    Made by the ``openssl`` command, which ``make test`` makes sure of.
    """
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    san = ",".join(f"IP:{h}" if h[0].isdigit() else f"DNS:{h}" for h in hosts)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={hosts[0]}",
         "-addext", f"subjectAltName={san}", "-addext", "basicConstraints=critical,CA:TRUE"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def normalise_command(cmd: str) -> str:
    """Commands compare without case or blanks around commas: ``d xcf, cf`` == ``D XCF,CF``."""
    return ",".join(part.strip() for part in " ".join(cmd.split()).upper().split(","))


@dataclass
class Fault:
    match: str  # a text the request path must contain ("" = any)
    action: str  # "status", "delay", "drop" or "echo" (an HTML page with status ``value`` quoting the credentials)
    value: float = 0
    times: int = 1
    method: str | None = None
    body: str | None = None  # a text the request body must contain (e.g. the command)
    system: str | None = None  # the console request's "system" must be this
    message: str | None = None  # the error text for a "status" fault


@dataclass
class FakeZosmf:
    """The fake server; use as a context manager or call :meth:`start` and :meth:`stop`."""

    cert: Path
    key: Path
    users: dict[str, str] = field(default_factory=lambda: {"IBMUSER": "sys1pass"})
    responses: dict[tuple[str, str], str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    mode: str = "sync"
    #: what a command without a taught answer gets: "invalid" (IEE305I) or "silent" (no message ever)
    unknown: str = "invalid"
    require_csrf: bool = True
    log: list[dict] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    #: a console behind the console API (tests/support/fake_sysplex.py): ``(system, command) -> answer``;
    #: None falls back to the taught ``responses``
    console: Callable[[str, str], str | None] | None = None
    #: paths answered without authentication (a health URL for the drill's probe): ``path -> (status, text)``
    open_paths: dict[str, Callable[[], tuple[int, str]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pending: dict[str, list[str]] = field(default_factory=dict)
    _counter: int = 0
    _server: http.server.ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # -- set-up ------------------------------------------------------------------------------
    def respond(self, system: str, command: str, text: str) -> None:
        """What ``command`` answers on ``system`` (lines with ``\\n``; sent with ``\\r``)."""
        self.responses[(system.upper(), normalise_command(command))] = text

    def fault(self, match: str, action: str, value: float = 0, times: int = 1, method: str | None = None,
              body: str | None = None, system: str | None = None, message: str | None = None) -> None:
        self.faults.append(Fault(match, action, value, times, method, body, system, message))

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> FakeZosmf:
        handler = _make_handler(self)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        server.handle_error = lambda request, address: None  # dropped clients are expected here
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(str(self.cert), str(self.key))
        server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeZosmf:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- behaviour ---------------------------------------------------------------------------
    def _take_fault(self, method: str, path: str, body: object) -> Fault | None:
        cmd = str(body.get("cmd", "")) if isinstance(body, dict) else ""
        system = str(body.get("system", "")) if isinstance(body, dict) else ""
        with self._lock:
            for fault in self.faults:
                if (fault.times > 0 and fault.match in path and (fault.method is None or fault.method == method)
                        and (fault.body is None or fault.body == cmd) and (fault.system is None or fault.system == system)):
                    fault.times -= 1
                    return fault
        return None

    def _new_key(self) -> str:
        with self._lock:
            self._counter += 1
            return f"C{1000000 + self._counter}"

    def console_put(self, console: str, body: dict) -> dict:
        cmd = str(body.get("cmd", ""))
        system = str(body.get("system") or "SYSA").upper()
        text = self.console(system, cmd) if self.console is not None else None
        if text is None:
            text = self.responses.get((system, normalise_command(cmd)))
        if text is None and self.unknown == "silent":
            text = ""
        if text is None:
            verb = cmd.split(",")[0].split(" ")[0].upper()
            text = f"IEE305I {verb:8} COMMAND INVALID"
        text = text.replace("\r\n", "\n").replace("\n", "\r")
        key = self._new_key()
        uri = f"/zosmf/restconsoles/consoles/{console}/solmsgs/{key}"
        reply: dict = {"cmd-response-key": key, "cmd-response-url": f"{self.url}{uri}", "cmd-response-uri": uri}
        sol_key = body.get("sol-key")
        asynchronous = self.mode == "async" or str(body.get("async", "N")).upper() == "Y"
        if asynchronous:
            self._pending[key] = ["", text, ""] if text else [""]
            return reply
        if self.mode == "split":
            lines = text.split("\r")
            half = max(1, len(lines) // 2)
            first, rest = "\r".join(lines[:half]), "\r".join(lines[half:])
            self._pending[key] = [rest, ""] if rest else [""]
            reply["cmd-response"] = first
        else:
            self._pending[key] = [""]
            reply["cmd-response"] = text
        if sol_key:
            reply["sol-key-detected"] = str(sol_key).upper() in reply["cmd-response"].upper()
        return reply

    def console_get(self, key: str) -> dict | None:
        with self._lock:
            queue = self._pending.get(key)
            if queue is None:
                return None
            chunk = queue.pop(0) if len(queue) > 1 else queue[0]
        return {"cmd-response": chunk, "sol-key-detected": bool(chunk)}


def _make_handler(fake: FakeZosmf) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def setup(self) -> None:
            self.request.settimeout(10)
            # Headers and body go out in separate writes; without this, Nagle's
            # algorithm and delayed ACKs add ~40 ms to every request.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                self.close_connection = True
            super().setup()

        def _send(self, status: int, payload: dict | str, ctype: str = "application/json") -> None:
            data = (json.dumps(payload) if isinstance(payload, dict) else payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{ctype}; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str) -> None:
            self._send(status, {"rc": 4, "reason": status, "category": 1, "message": message})

        def _authorised(self) -> bool:
            header = self.headers.get("Authorization", "")
            if header.startswith("Basic "):
                try:
                    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                except (ValueError, UnicodeDecodeError):
                    return False
                return fake.users.get(user) == password
            return False

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            fake.log.append({"method": method, "path": path, "body": body,
                             "headers": {k: v for k, v in self.headers.items() if k.lower() != "authorization"}})
            fault = fake._take_fault(method, path, body)
            if fault is not None:
                if fault.action == "drop":
                    self.close_connection = True
                    return
                if fault.action == "echo":
                    header = self.headers.get("Authorization", "")
                    password = base64.b64decode(header[6:] or "").decode(errors="replace").partition(":")[2]
                    page = echo_page(header, password, cut=len(header) - 3)
                    return self._send(int(fault.value), page, "text/html")
                if fault.action == "delay":
                    time.sleep(fault.value)
                elif fault.action == "status":
                    status = int(fault.value)
                    if 300 <= status < 400:
                        self.send_response(status)
                        self.send_header("Location", "https://elsewhere.example.com/zosmf/")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    return self._error(status, fault.message or f"injected failure {status}")
            if method == "GET" and path in fake.open_paths:
                status, text = fake.open_paths[path]()
                return self._send(status, text, "text/plain")
            if not self._authorised():
                return self._error(401, "authentication failed")
            if fake.require_csrf and "X-CSRF-ZOSMF-HEADER" not in self.headers:
                return self._error(403, "missing X-CSRF-ZOSMF-HEADER")
            parts = path.strip("/").split("/")
            if parts[:3] == ["zosmf", "restconsoles", "consoles"] and len(parts) == 4 and method == "PUT":
                if not isinstance(body, dict) or not body.get("cmd"):
                    return self._error(400, "request body needs 'cmd'")
                return self._send(200, fake.console_put(parts[3], body))
            if parts[:3] == ["zosmf", "restconsoles", "consoles"] and len(parts) == 6 and parts[4] == "solmsgs" and method == "GET":
                reply = fake.console_get(parts[5])
                return self._send(200, reply) if reply is not None else self._error(400, "unknown response key")
            if parts[:3] == ["zosmf", "restfiles", "ds"] and len(parts) == 4 and method == "GET":
                text = fake.files.get(parts[3].upper())
                if text is None:
                    return self._error(404, f"data set {parts[3]} not found")
                return self._send(200, text, "text/plain")
            if parts[:3] == ["zosmf", "restfiles", "fs"] and method == "GET":
                text = fake.files.get("/" + "/".join(parts[3:]))
                if text is None:
                    return self._error(404, "file not found")
                return self._send(200, text, "text/plain")
            return self._error(404, f"no such service {method} {path}")

        def do_GET(self) -> None:
            self._handle("GET")

        def do_PUT(self) -> None:
            self._handle("PUT")

    return Handler


#: the shortest piece of a password that counts as revealing part of it (the kit's documented rule)
REVEALING = 6


def secret_forms(user: str, password: str) -> list[bytes]:
    """The ways a password could leak, each cut to the shortest piece that reveals six of its characters.

    Computed here independently of the kit: the literal, URL-encoded (either
    hex case, ``+`` for blanks), HTML-escaped (named and numeric entities),
    JSON-escaped, base64 alone, and the basic-authentication token of
    ``user:password``.
    """
    head = password[:REVEALING]
    pieces: set[str] = set()
    for encode in (
        lambda t: t, lambda t: urllib.parse.quote(t, safe=""), lambda t: urllib.parse.quote(t, safe="").lower(),
        lambda t: urllib.parse.quote_plus(t, safe=""), lambda t: html.escape(t, quote=True),
        lambda t: html.escape(t, quote=False), lambda t: "".join(f"&#{ord(c)};" for c in t),
        lambda t: json.dumps(t)[1:-1],
    ):
        pieces.add(encode(head))
    lead = len(f"{user}:".encode())
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    pieces.add(token[: (4 * (lead + len(head.encode())) + 2) // 3])
    alone = base64.b64encode(password.encode()).decode()
    pieces.add(alone[: (4 * len(head.encode()) + 2) // 3])
    return sorted(p.encode() for p in pieces)


def assert_no_secret(root: Path, user: str, password: str, *texts: str) -> None:
    """Fail if a revealing piece of the password, in any form, is in any file under ``root`` or in ``texts``."""
    forms = secret_forms(user, password)
    for path in Path(root).rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            for form in forms:
                assert form not in data, f"secret found in {path}: {form!r}"
    for text in texts:
        for form in forms:
            assert form.decode() not in text, f"secret found in captured output: {form!r}"


def echo_page(authorization: str, password: str, cut: int) -> str:
    """An HTML error page of a misbehaving proxy: the password escaped and URL-encoded, the header cut off."""
    return (
        "<html><head><title>Error</title></head><body><h1>Login failed</h1>"
        f"<p>You typed: {html.escape(password)}</p>"
        f'<a href="/zosmf/login?retry=1&amp;p={urllib.parse.quote(password, safe="")}">try again</a>'
        f"<pre>Authorization: {authorization[:cut]}</pre></body></html>"
    )


# -- replaying captured evidence ----------------------------------------------------------------

#: message id of a captured response -> the console command that produces it
REPLAY_COMMANDS = {
    "IXC361I": "D XCF,CF", "IXC362I": "D XCF,CF,CFNAME=ALL",
    "IXC334I": "D XCF,S,ALL", "IXC335I": "D XCF,S,ALL", "IXC336I": "D XCF,S,ALL",
    "IEA282I": "D ETR", "IEA386I": "D ETR", "ISG343I": "D GRS", "ICH15013I": "RVARY LIST",
    "IGW420I": "D SMS,SMSVSAM", "BPXO043I": "D OMVS,O", "BPXO045I": "D OMVS,F",
    "$HASP843": "$D MASDEF", "$HASP673": "$D MEMBER", "$HASP829": "$D CKPTDEF",
    "EZZ8260I": "D TCPIP,{proc},SYSPLEX,VIPADYN", "EZZ8269I": "D TCPIP,{proc},SYSPLEX,VIPADYN",
    "EZZ8270I": "D TCPIP,{proc},SYSPLEX,GROUP", "IXL150I": "D CF", "IXC357I": "D XCF,COUPLE", "IXC358I": "D XCF,COUPLE",
    "IXC364I": "D XCF,POLICY,TYPE=SFM", "IXC392I": "D XCF,ARMSTATUS", "IXC360I": "D XCF,STR,STRNAME=ALL",
    "IST1188I": "D NET,VTAMOPTS,OPTION=XCFINIT",
}


def replay_command(msgid: str, text: str, proc: str = "TCPIP") -> str | None:
    """The console command whose answer is this captured response (None: not a console display)."""
    upper = text.upper()
    if msgid in ("IXC332I", "IXC333I"):
        for group in ("IRRXCF00", "SYSBPX"):
            if group in upper:
                return f"D XCF,GROUP,{group},ALL"
        return None
    from zowe_ha_lib.evidence.tcpip import NETSTAT_ID

    if msgid in (NETSTAT_ID, "EZD0101I", "EZZ2502I", "EZZ2503I"):
        if "DESTINATION PORT TABLE" in upper:
            return f"D TCPIP,{proc},NETSTAT,VDPT"
        if "DYNAMIC VIPA INFORMATION" in upper or msgid in ("EZZ2502I", "EZZ2503I"):
            return f"D TCPIP,{proc},NETSTAT,VIPADCFG"
        return f"D TCPIP,{proc},NETSTAT,VIPADYN"
    command = REPLAY_COMMANDS.get(msgid)
    return command.format(proc=proc) if command else None


def load_replay(fake: FakeZosmf, evidence: Path, systems: tuple[str, ...]) -> dict[str, list[str]]:
    """Teach ``fake`` every console answer in a captured evidence folder.

    Each captured response (cut out by the kit's own reader, line prefixes
    removed) becomes the answer of the command that produces it on the system
    it came from; several responses to one command are joined, as z/OSMF
    would return them. IZUPRMxx members become data sets
    ``SYS1.PARMLIB(<file stem>)``. Returns what cannot come through the
    console or files API (for example ``node --version`` output): file lists
    per system, for the test to copy by hand.
    """
    from zowe_ha_lib.evidence.izuprm import looks_like_izuprm
    from zowe_ha_lib.evidence.reader import decode, scan_text

    answers: dict[tuple[str, str], list[str]] = {}
    manual: dict[str, list[str]] = {}
    for path in sorted(Path(evidence).glob("*/*")):
        folder = path.parent.name.upper()
        text = decode(path.read_bytes())
        responses, _unknown, _ = scan_text(text, path.name, folder, systems)
        if not responses and looks_like_izuprm(text):
            fake.files[f"SYS1.PARMLIB({path.stem.upper()})"] = text
            manual.setdefault("izuprm", []).append(f"{folder}:SYS1.PARMLIB({path.stem.upper()})")
            continue
        for resp in responses:
            body = "\n".join(line for _n, line in resp.lines)
            command = replay_command(resp.msgid, body)
            system = (resp.system or folder).upper()
            if command is None:
                manual.setdefault(system, []).append(str(path))
                continue
            answers.setdefault((system, command), []).append(body)
    for (system, command), bodies in answers.items():
        fake.respond(system, command, "\n".join(bodies))
    return manual
