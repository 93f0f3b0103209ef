"""How the failover model explains each move (pinned by a z/OS system programmer's review)."""

from __future__ import annotations

from tests.support.paths import EXAMPLE
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip import failover


def _unranked_page_sample() -> failover.HotStandby:
    # The Zowe page codes "x.x.x.B BACKUP" without a rank.
    targets = (
        failover.Target("198.51.100.1", "preferred", None, "SYSA"),
        failover.Target("198.51.100.2", "backup", None, "SYSB"),
    )
    return failover.HotStandby("203.0.113.10", (7554,), targets, owner="SYSA")


def test_backup_without_rank_is_not_explained_as_rank_1():
    timeline = failover.run(_unranked_page_sample(), ["SYSA:server-down"])["timeline"]
    reason = timeline[1]["reason"]
    assert timeline[1]["active"] == "SYSB"
    assert "(rank 1)" not in reason
    assert "no rank coded" in reason and "UNSURE" in reason


def test_ranked_backup_explanation_names_the_coded_rank():
    record = load_record(EXAMPLE)
    model = failover.from_record(record, record.gateway())
    timeline = failover.run(model, ["SYSA:down", "SYSB:down"])["timeline"]
    assert [t["active"] for t in timeline] == ["SYSA", "SYSB", "SYSC"]
    assert "(rank 100)" in timeline[1]["reason"] and "(rank 50)" in timeline[2]["reason"]


def test_the_zowe_sample_loses_the_dvipa_with_the_distributor():
    """No VIPABACKUP in the page's sample: SYSA's system going down takes the DVIPA with it."""
    timeline = failover.run(_unranked_page_sample(), ["SYSA:down", "SYSA:up"])["timeline"]
    assert [(t["distributor"], t["active"]) for t in timeline] == [("SYSA", "SYSA"), (None, None), ("SYSA", "SYSA")]
    assert "no VIPABACKUP stack is up" in timeline[1]["distributor_reason"]
    assert "every connection through it is lost" in timeline[1]["connections"]
