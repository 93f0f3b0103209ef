"""A simulated sysplex behind the fake z/OSMF's console, for the failover drill tests.

It keeps, per system, whether its stack has the DVIPA deactivated and
whether its server listens, plus which stack holds the DVIPA and which target
is active. It applies the commands a drill issues (``VARY TCPIP,proc,
SYSPLEX,DEACTIVATE|REACTIVATE,DVIPA=`` and the server's stop and start
commands) and answers the displays in IBM's layouts from that state:
``D TCPIP,proc,SYSPLEX,VIPADYN`` (EZZ8260I) and the console NETSTAT VDPT and
VCRT reports (EZD0101I). It also opens and closes a real TCP listener on
127.0.0.1 as the state says the DVIPA's port is reachable or not, and
answers ``/health`` on the fake z/OSMF with 200 or 503 the same way.

The rules here are written out on their own, from IBM's descriptions
(takeover by the highest-ranked VIPABACKUP stack that is eligible,
REACTIVATE gives the DVIPA back to its owner, hot-standby target choice
with AUTOSWITCHBACK), not taken from the kit's failover model: a drill test
compares the kit's model with this simulation, so the two must not share
code.

Faults (set the attributes): ``reject`` (commands answered with IEE345I),
``never_takeover`` (no backup ever takes the DVIPA over),
``takeover_delay`` (seconds the DVIPA is nowhere after DEACTIVATE),
``probe_broken`` (the listener never opens again once closed),
``die_after`` (after that many operator commands z/OSMF drops every
connection: it "dies" mid-drill).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

from tests.support.fake_zosmf import FakeZosmf, Fault, normalise_command
from zowe_ha_lib.record.model import ChangeRecord, Distribution


@dataclass
class _Node:
    name: str
    proc: str
    xcf: str
    deactivated: bool = False
    server: bool = True


@dataclass
class SimulatedSysplex:
    record: ChangeRecord
    dist: Distribution
    port: int
    stop_command: str = "F ZWE1SV,APPL=STOP(GATEWAY)"
    start_command: str = "F ZWE1SV,APPL=START(GATEWAY)"
    reject: set[str] = field(default_factory=set)
    never_takeover: bool = False
    takeover_delay: float = 0.0
    probe_broken: bool = False
    die_after: int | None = None
    echo: str = ""  # appended to every operator command's reply (a server that echoes what it should not)
    nodes: dict[str, _Node] = field(default_factory=dict)
    holder: str | None = None
    active: str | None = None
    commands: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _listener: socket.socket | None = None
    _probe_port: int = 0
    _closed_once: bool = False
    _fake: FakeZosmf | None = None
    _timers: list[threading.Timer] = field(default_factory=list)

    def __post_init__(self) -> None:
        for s in self.record.sysplex.systems:
            self.nodes[s.name] = _Node(s.name, s.tcpip_proc, s.dynamic_xcf)
        self.holder = self.dist.distributor
        self.active = self.dist.preferred

    # -- wiring ------------------------------------------------------------------------------
    def attach(self, fake: FakeZosmf) -> SimulatedSysplex:
        self._fake = fake
        fake.console = self.console
        fake.open_paths["/health"] = lambda: (200, "UP") if self.reachable else (503, "DOWN")
        self._sync_listener()
        return self

    @property
    def probe_target(self) -> str:
        return f"127.0.0.1:{self._probe_port}"

    @property
    def health_url(self) -> str:
        assert self._fake is not None
        return f"{self._fake.url}/health"

    def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None

    # -- the rules -----------------------------------------------------------------------------
    @property
    def targets(self) -> list[str]:
        return [self.dist.preferred, *self.dist.backups]

    def _listening(self, name: str) -> bool:
        return self.nodes[name].server

    def _choose_active(self) -> None:
        listening = [t for t in self.targets if self._listening(t)]
        if self.holder is None or not listening:
            self.active = None
        elif self.dist.autoswitchback and self.dist.preferred in listening:
            self.active = self.dist.preferred
        elif self.active not in listening:
            self.active = listening[0]

    def _takeover(self) -> None:
        with self._lock:
            if self.holder is None and not self.never_takeover:
                self.holder = next((b for b in self.dist.distributor_backups if not self.nodes[b].deactivated), None)
            self._choose_active()
            self._sync_listener()

    @property
    def reachable(self) -> bool:
        return self.holder is not None and self.active is not None

    def _sync_listener(self) -> None:
        with self._lock:
            want = self.reachable and not (self.probe_broken and self._closed_once)
            if want and self._listener is None:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind(("127.0.0.1", self._probe_port))
                sock.listen(64)
                self._probe_port = sock.getsockname()[1]
                self._listener = sock
                threading.Thread(target=self._accept, args=(sock,), daemon=True).start()
            elif not want and self._listener is not None:
                self._listener.close()
                self._listener = None
                self._closed_once = True

    @staticmethod
    def _accept(sock: socket.socket) -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.close()

    # -- the console ---------------------------------------------------------------------------
    def console(self, system: str, command: str) -> str | None:
        cmd = normalise_command(command)
        node = self.nodes.get(system.upper())
        if node is None:
            return None
        parts = cmd.split(",")
        if parts[0] in ("D TCPIP", "DISPLAY TCPIP") and len(parts) >= 4:
            what = ",".join(parts[3:])
            if what == "VIPADYN" and parts[2] == "SYSPLEX":
                return self._sysplex_vipadyn(node)
            if parts[2] == "NETSTAT" and what in ("VDPT", "VCRT"):
                return self._vdpt(node) if what == "VDPT" else self._vcrt(node)
            return None
        self.commands.append((system.upper(), cmd))
        if self.die_after is not None and len(self.commands) >= self.die_after and self._fake is not None:
            self._fake.faults.append(Fault("", "drop", times=10**6))
        if cmd in {normalise_command(r) for r in self.reject}:
            verb = cmd.split(",")[0].split(" ")[0]
            return f"IEE345I {verb:8} AUTHORITY INVALID, FAILED BY SECURITY PRODUCT"
        with self._lock:
            reply = self._apply(node, cmd)
            self._sync_listener()
        return f"{reply}\n{self.echo}" if reply is not None and self.echo else reply

    def _apply(self, node: _Node, cmd: str) -> str | None:
        dvipa = self.dist.dvipa
        if cmd.startswith("VARY TCPIP,") or cmd.startswith("V TCPIP,"):
            parts = cmd.split(",")
            if len(parts) < 5 or parts[2] != "SYSPLEX" or parts[4] != f"DVIPA={dvipa}":
                return f"EZZ0060I PROCESSING COMMAND: {cmd}\nEZD1199I VARY SYSPLEX COMMAND FAILED: DVIPA NOT FOUND"
            head = f"EZZ0060I PROCESSING COMMAND: {cmd}"
            if parts[3] == "DEACTIVATE":
                node.deactivated = True
                if self.holder == node.name:
                    self.holder = None
                    self._choose_active()
                    if self.takeover_delay > 0:
                        timer = threading.Timer(self.takeover_delay, self._takeover)
                        timer.daemon = True
                        self._timers.append(timer)
                        timer.start()
                    else:
                        self._takeover()
            elif parts[3] == "REACTIVATE":
                node.deactivated = False
                if node.name == self.dist.distributor:
                    self.holder = node.name  # MOVEABLE IMMEDIATE: the owner takes it back
                elif self.holder is None:
                    self._takeover()
                self._choose_active()
            else:
                return None
            return f"{head}\nEZZ0053I COMMAND VARY SYSPLEX COMPLETED SUCCESSFULLY"
        if cmd == normalise_command(self.stop_command):
            node.server = False
            self._choose_active()
            return f"ZWEL0002I component stopped on {node.name}"
        if cmd == normalise_command(self.start_command):
            node.server = True
            self._choose_active()
            return f"ZWEL0001I component started on {node.name}"
        return None

    # -- displays in IBM's layouts ---------------------------------------------------------------
    def _sysplex_vipadyn(self, node: _Node) -> str:
        dvipa = self.dist.dvipa
        ranks = {b: self.dist.distributor_backup_rank(b) for b in self.dist.distributor_backups}
        rows = []
        for name in [self.dist.distributor, *self.dist.distributor_backups]:
            n = self.nodes[name]
            target = name in self.targets
            if name == self.holder:
                status, rank, dist = "ACTIVE", "", "BOTH" if target else "DIST"
            elif n.deactivated:
                status, rank, dist = "DEACTIVATED", "", "DEST" if target else ""
            else:
                status, rank, dist = "BACKUP", f"{ranks.get(name, 0):03d}", "DEST" if target else ""
            rows.append(f"  {n.proc:<8} {name:<8} {status:<6} {rank:<4} {dist}".rstrip())
        return "\n".join([
            "EZZ8260I SYSPLEX CS V2R5 361",
            f"VIPA DYNAMIC DISPLAY FROM {node.proc:<8} AT {node.name}",
            f"IPADDR: {dvipa}  LINKNAME: VIPLCB007132",
            "  ORIGIN: VIPADEFINE",
            "  TCPNAME  MVSNAME  STATUS RANK DIST",
            "  -------- -------- ------ ---- ----",
            *rows,
            f"{len(rows)} OF {len(rows)} RECORDS DISPLAYED",
            "END OF THE REPORT",
        ])

    def _vdpt(self, node: _Node) -> str:
        lines = [f"EZD0101I NETSTAT CS V2R5 {node.proc} 415", "DYNAMIC VIPA DESTINATION PORT TABLE FOR TCP/IP STACKS:"]
        count = 0
        if node.name == self.holder:
            for i, name in enumerate(self.targets):
                rdy = 1 if self._listening(name) else 0
                srv = "PREFERRED" if i == 0 else f"BACKUP  RANK: {self.dist.backup_rank(name):03d}"
                flg = "ACTIVE" if name == self.active else "BACKUP"
                lines += [f"DEST:       {self.dist.dvipa}..{self.port}", f"  DESTXCF:  {self.nodes[name].xcf}",
                          f"  TOTALCONN: 0000000000  RDY: {rdy:03d}  WLM: 10  TSR: 100",
                          f"  DISTMETHOD: HOTSTANDBY  SRVTYPE: {srv}", f"  FLG: {flg}"]
                count += 1
        return "\n".join([*lines, f"{count} OF {count} RECORDS DISPLAYED", "END OF THE REPORT"])

    def _vcrt(self, node: _Node) -> str:
        lines = [f"EZD0101I NETSTAT CS V2R5 {node.proc} 416", "DYNAMIC VIPA CONNECTION ROUTING TABLE:"]
        count = 0
        if node.name == self.holder and self.active:
            lines += [f"DEST:       {self.dist.dvipa}..{self.port}", "  SOURCE:   192.0.2.10..40123",
                      f"  DESTXCF:  {self.nodes[self.active].xcf}"]
            count = 1
        return "\n".join([*lines, f"{count} OF {count} RECORDS DISPLAYED", "END OF THE REPORT"])
