"""The z/OSMF client against the local fake server: layouts, retries, failures, TLS, secrets."""

from __future__ import annotations

import json
import ssl
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.fake_zosmf import (
    FakeZosmf,
    assert_no_secret,
    make_certificate,
    normalise_command,
)
from zowe_ha_lib.collect.client import (
    FatalError,
    ForbiddenError,
    RequestError,
    TransportError,
    ZosmfClient,
    console_exchange,
    parse_url,
    tls_context,
)
from zowe_ha_lib.collect.commands import check_dsname, parse_system_dsn, safe_part
from zowe_ha_lib.collect.credentials import Credentials

USER, SECRET = "IBMUSER", "Zx9-tEsT-sEcReT"
XCF = "IXC361I  10.00.00  DISPLAY XCF\n  CFNAME     COUPLING FACILITY\n  CF01       IBM 008561.001\n  CF02       IBM 008561.001"


@pytest.fixture
def server(tls):
    cert, key = tls
    with FakeZosmf(cert, key, users={USER: SECRET}) as fake:
        fake.respond("SYSA", "D XCF,CF", XCF)
        fake.files["SYS1.TCPPARMS(PROFA)"] = "IPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1\n"
        fake.files["/global/zowe/zowe.yaml"] = "zowe:\n  externalPort: 7554\n"
        yield fake


def client_for(server: FakeZosmf, cert=None, *, password: str = SECRET, insecure: bool = False, **kw) -> ZosmfClient:
    ctx = tls_context(None if cert is None else str(cert), insecure)
    kw.setdefault("sleep", lambda _s: None)
    kw.setdefault("timeout", 5)
    return ZosmfClient(parse_url(server.url), Credentials(USER, password), context=ctx, **kw)


@pytest.mark.parametrize("mode", ["sync", "split", "async"])
def test_console_layouts_give_the_same_text_with_cr_separators(server, tls, mode):
    server.mode = mode
    text = console_exchange(client_for(server, tls[0]), "defcn", "D XCF,CF", "SYSA", poll_interval=0)
    assert text == XCF.replace("\n", "\r")
    put = next(r for r in server.log if r["method"] == "PUT")
    assert put["path"] == "/zosmf/restconsoles/consoles/defcn"
    assert put["body"] == {"cmd": "D XCF,CF", "async": "N", "system": "SYSA"}
    assert all("X-CSRF-ZOSMF-HEADER" in r["headers"] for r in server.log)
    gets = [r for r in server.log if r["method"] == "GET"]
    assert gets and all("/solmsgs/C" in r["path"] for r in gets)


def test_async_form_is_bounded_when_nothing_ever_arrives(server, tls):
    server.mode = "async"
    server.respond("SYSA", "D ETR", "")
    client = client_for(server, tls[0])
    with pytest.raises(RequestError, match="no response arrived"):
        console_exchange(client, "defcn", "D ETR", "SYSA", follow_ups=4, poll_interval=0)
    assert client.requests_made == 5


def test_sol_key_is_sent_and_detected(server, tls):
    client_for(server, tls[0])
    text = console_exchange(client_for(server, tls[0]), "defcn", "D XCF,CF", "SYSA", sol_key="IXC361I", poll_interval=0)
    assert text.startswith("IXC361I")
    assert server.log[0]["body"]["sol-key"] == "IXC361I"


def test_files_api_data_set_member_and_unix_file(server, tls):
    client = client_for(server, tls[0])
    assert client.read_dataset("sys1.tcpparms(profa)").startswith("IPCONFIG DYNAMICXCF")
    assert client.read_uss_file("/global/zowe/zowe.yaml") == "zowe:\n  externalPort: 7554\n"
    paths = [r["path"] for r in server.log]
    assert paths == ["/zosmf/restfiles/ds/SYS1.TCPPARMS(PROFA)", "/zosmf/restfiles/fs/global/zowe/zowe.yaml"]
    assert server.log[0]["headers"]["X-IBM-Data-Type"] == "text"
    with pytest.raises(RequestError, match="HTTP 404"):
        client.read_dataset("SYS1.NOSUCH(PROF)")


def test_wrong_password_stops_at_once_without_retrying(server, tls, capfd):
    client = client_for(server, tls[0], password="wrong-one", retries=5)
    with pytest.raises(FatalError, match="HTTP 401") as info:
        client.issue_command("defcn", "D XCF,CF", "SYSA")
    assert client.requests_made == 1
    assert "wrong-one" not in str(info.value)


def test_403_is_its_own_error(server, tls):
    server.fault("/restfiles/", "status", 403)
    with pytest.raises(ForbiddenError, match=r"HTTP 403.*not authorised"):
        client_for(server, tls[0]).read_dataset("SYS1.TCPPARMS(PROFA)")


def test_500_then_success_is_retried_with_exponential_backoff(server, tls):
    server.fault("/restconsoles/", "status", 500, times=2)
    slept: list[float] = []
    client = client_for(server, tls[0], retries=3, backoff=0.5, sleep=slept.append)
    assert client.issue_command("defcn", "D XCF,CF", "SYSA")["cmd-response"].startswith("IXC361I")
    assert slept == [0.5, 1.0]
    assert client.requests_made == 3


def test_backoff_is_capped_and_retries_are_bounded(server, tls):
    server.fault("", "status", 503, times=100)
    slept: list[float] = []
    client = client_for(server, tls[0], retries=6, backoff=1, backoff_max=4, sleep=slept.append)
    with pytest.raises(RequestError, match=r"HTTP 503.*after 7 attempts"):
        client.issue_command("defcn", "D XCF,CF", "SYSA")
    assert slept == [1, 2, 4, 4, 4, 4]


def test_dropped_connection_is_retried(server, tls):
    server.fault("/restconsoles/", "drop", times=1)
    client = client_for(server, tls[0], retries=2)
    assert client.issue_command("defcn", "D XCF,CF", "SYSA")["cmd-response"]
    assert client.requests_made == 2


def test_dropped_every_time_is_a_transport_error(server, tls):
    server.fault("", "drop", times=10)
    with pytest.raises(TransportError, match=r"dropped.*after 3 attempts"):
        client_for(server, tls[0], retries=2).issue_command("defcn", "D XCF,CF", "SYSA")


def test_slow_reply_times_out(server, tls):
    server.fault("/restconsoles/", "delay", 1.5, times=1)
    client = client_for(server, tls[0], retries=0, timeout=0.3)
    with pytest.raises(TransportError, match=r"no reply within 0.3 s"):
        client.issue_command("defcn", "D XCF,CF", "SYSA")


def test_untrusted_certificate_is_fatal_and_points_at_ca_bundle(server):
    client = client_for(server, None, retries=3)
    with pytest.raises(FatalError, match=r"not trusted.*--ca-bundle"):
        client.issue_command("defcn", "D XCF,CF", "SYSA")
    assert client.requests_made == 1


def test_certificate_for_another_host_is_rejected(tmp_path):
    cert, key = make_certificate(tmp_path, ("zosmf.example.com",))
    with FakeZosmf(cert, key, users={USER: SECRET}) as fake, pytest.raises(FatalError, match="not trusted"):
        client_for(fake, cert).issue_command("defcn", "D XCF,CF", "SYSA")


def test_insecure_skips_verification(server):
    assert client_for(server, None, insecure=True).issue_command("defcn", "D XCF,CF", "SYSA")["cmd-response"]


def test_connection_refused_is_a_transport_error(server, tls):
    client = client_for(server, tls[0], retries=1)
    server.stop()
    with pytest.raises(TransportError, match=r"refused|dropped"):
        client.issue_command("defcn", "D XCF,CF", "SYSA")


def test_redirects_are_not_followed(server, tls):
    server.fault("", "status", 302)
    with pytest.raises(FatalError, match=r"redirect.*not followed"):
        client_for(server, tls[0]).issue_command("defcn", "D XCF,CF", "SYSA")
    assert len(server.log) == 1


def test_credentials_never_print(server, tls, tmp_path, capfd):
    creds = Credentials(USER, SECRET, "test")
    text = f"{creds!r} {creds} {[creds]} {json.dumps(str(creds))}"
    out, err = capfd.readouterr()
    assert_no_secret(tmp_path, USER, SECRET, text, out, err)
    assert "***" in text


def test_tls_context_verifies_by_default():
    ctx = tls_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname


# ---- parsers (property-based) -----------------------------------------------------------------

_host = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,3}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(host=_host, port=st.integers(1, 65535), prefix=st.sampled_from(["", "/", "/ibmzosmf/api/v1", "/zosmf"]))
def test_parse_url_accepts_https(host, port, prefix):
    ep = parse_url(f"https://{host}:{port}{prefix}")
    assert (ep.host, ep.port) == (host, port)
    assert ep.prefix in ("", "/ibmzosmf/api/v1")


@settings(max_examples=150, deadline=None)
@given(host=_host, secret=st.text(string.ascii_letters + string.digits + "!$%-_", min_size=6, max_size=20))
def test_parse_url_never_echoes_a_password(host, secret):
    with pytest.raises(ValueError) as info:
        parse_url(f"https://someone:{secret}@{host}:443")
    assert secret not in str(info.value)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_parse_url_only_raises_value_error(text):
    try:
        ep = parse_url(text)
    except ValueError:
        return
    assert ep.host and 0 < ep.port < 65536


_qual = st.from_regex(r"[A-Z@#$][A-Z0-9@#$]{0,7}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(quals=st.lists(_qual, min_size=1, max_size=4), member=st.none() | _qual, system=st.sampled_from(["SYSA", "sysb"]))
def test_system_dsn_round_trip(quals, member, system):
    dsn = ".".join(quals) + (f"({member})" if member else "")
    sysname, parsed = parse_system_dsn(f"{system}:{dsn.lower()}", ("SYSA", "SYSB"), "--profile-dsn")
    assert sysname == system.upper() and parsed == dsn
    assert "/" not in safe_part(parsed) and safe_part(parsed)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_check_dsname_rejects_or_returns_valid(text):
    try:
        name = check_dsname(text)
    except ValueError:
        return
    assert name == name.upper() and len(name.split("(")[0]) <= 44 and "/" not in name


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(string.ascii_letters + string.digits, min_size=1, max_size=6), min_size=1, max_size=4))
def test_normalise_command_ignores_case_and_blanks(parts):
    assert normalise_command(" , ".join(parts).lower()) == ",".join(parts).upper()
