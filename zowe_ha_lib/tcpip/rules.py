"""The lint rule catalogue: every rule lint can emit, what it means and what to do.

A finding's message is two parts: the *specific* part (which statement, which
address, which line) written where the rule fires, and the rule's standing
explanation kept here, once. Keeping the long texts in one table means they
read the same everywhere, ``zowe-ha lint --rules`` can list them, and a test
checks that every rule the code emits has an entry and every entry is used.

``severity`` is the rule's usual severity (the contract: ``error`` when z/OS
rejects or ignores the text or the design cannot work, ``warning`` when it is
accepted but risky or the rule rests on an UNSURE fact, ``info`` otherwise).
A few rules fire at another severity in a named case (a record key that says
the opposite, or an INCLUDE that could not be read and could hold what looks
missing); the code says so where it happens.

``source`` names where the rule comes from (an IBM page, a message, or "kit"
for the kit's own layout policy), so a reviewer can check the rule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    advice: str = ""
    message_id: str | None = None
    source: str = ""

    def text(self, specific: str) -> str:
        """The finding message: the specific part, then the standing advice."""
        if not self.advice:
            return specific
        return f"{specific}; {self.advice}" if specific else self.advice


_IPCONF = "IBM IP Configuration Reference"
_MSGS = "IBM IP Messages Volume 4"
_HOT = "IBM IP Configuration Guide, hot standby distribution method"

_RULES = (
    # ---------------------------------------------------------------- text hygiene
    Rule("semicolon-needs-blank", "error", "';' glued to an argument",
         "z/OS needs a blank between an argument and a comment, otherwise the comment is not recognised",
         source=f"{_IPCONF}, statement syntax rules"),
    Rule("slash-star-comment", "error", "'/*' used as a comment",
         "a TCP/IP profile comment starts with ';' and runs to the end of the line; z/OS reads '/* ... */' as "
         "arguments of the statement it follows (or as an unknown statement), which is a syntax error. Write "
         "'; ...' instead", source=f"{_IPCONF}, statement syntax rules (only ';' begins a comment)"),
    Rule("sequence-numbers", "warning", "sequence numbers in columns 73-80",
         "TCP/IP profiles do not allow sequence numbers and z/OS would read them as arguments. "
         "Turn numbering off (ISPF: UNNUM, NUMBER OFF). The kit ignored them when reading the file. "
         "(Column rule UNSURE: detection is by the 80-column layout.)",
         source=f"{_IPCONF}, statement syntax rules"),
    Rule("past-column-71", "warning", "text past column 71",
         "keep statements in columns 1-71 so that a copy into a fixed 80-column data set cannot cut or merge "
         "arguments (UNSURE rule: IBM documents profiles as free format; this is the safe convention)",
         source="kit (parmlib/JCL column convention)"),
    # ---------------------------------------------------------------- statements and blocks
    Rule("unknown-statement", "warning", "a statement the kit does not know",
         "it and its arguments were skipped up to the next known statement (z/OS rejects an unknown statement)",
         source=_IPCONF),
    Rule("block-not-ended", "error", "AUTOLOG (or another statement that needs END) is not ended",
         "z/OS reads everything after it as its parameters, so none of it takes effect",
         source=f"{_IPCONF}, statement syntax rules"),
    Rule("include-not-found", "warning", "an INCLUDE data set the kit could not find",
         "give its folder with --include-dir (a file named after the member, or the last qualifier of a "
         "sequential data set, any case, with or without an extension); until then no finding claims that a "
         "statement the include could hold is missing",
         source=f"{_IPCONF}, INCLUDE statement"),
    Rule("include-cycle", "error", "INCLUDE statements that include each other",
         "z/OS would read the same data sets again and again; remove the INCLUDE that closes the circle",
         source="kit"),
    Rule("vipadynamic-not-ended", "error", "VIPADYNAMIC without ENDVIPADYNAMIC",
         "add ENDVIPADYNAMIC after the last VIPA statement", source=f"{_IPCONF}, VIPADYNAMIC statement"),
    Rule("endvipadynamic-without-vipadynamic", "error", "ENDVIPADYNAMIC without VIPADYNAMIC", "z/OS rejects it",
         source=f"{_IPCONF}, VIPADYNAMIC statement"),
    Rule("vipa-outside-block", "error", "a VIPA statement outside VIPADYNAMIC ... ENDVIPADYNAMIC",
         "z/OS does not accept it here, so it has no effect", source=f"{_IPCONF}, VIPADYNAMIC statement"),
    Rule("vipadynamic-syntax", "error", "a syntax error inside a VIPADYNAMIC block",
         "z/OS stops processing the VIPADYNAMIC block here: the statements before it are applied, the rest are "
         "ignored", source=f"{_IPCONF}, VIPADYNAMIC statement (syntax errors end the block)"),
    Rule("vipa-parameter-order", "error", "VIPA statement parameters out of order",
         "IBM's syntax fixes the order (VIPADEFINE: TIER/CPCSCOPE, MOVEABLE, SERVICEMGR, mask, addresses; "
         "VIPABACKUP: rank first; VIPADISTRIBUTE: options, DVIPA, PORT, DESTIP); z/OS stops processing the "
         "VIPADYNAMIC block here", source=f"{_IPCONF}, VIPADEFINE/VIPABACKUP/VIPADISTRIBUTE syntax"),
    Rule("mixed-ip-versions", "error", "IPv4 and IPv6 addresses in one statement",
         "one statement holds IPv4 or IPv6 addresses, never both; z/OS stops processing the VIPADYNAMIC block here",
         source="IBM IP Configuration Guide, IPv6 dynamic VIPA"),
    Rule("statement-ignored", "info", "a statement z/OS never reads",
         "an earlier syntax error ended the VIPADYNAMIC block", source=f"{_IPCONF}, VIPADYNAMIC statement"),
    Rule("vipadistribute-option-twice", "warning", "a VIPADISTRIBUTE option coded twice", "remove one",
         source=f"{_IPCONF}, VIPADISTRIBUTE statement"),
    # ---------------------------------------------------------------- IPCONFIG
    Rule("ipconfig-dynamicxcf-syntax", "error", "IPCONFIG DYNAMICXCF is not 'address mask|/bits cost'",
         "z/OS ignores the rest of this IPCONFIG's parameters", source=f"{_IPCONF}, IPCONFIG statement"),
    Rule("ipconfig-dynamicxcf-cost", "warning", "a dynamic XCF cost metric above 255",
         "the profile's SMF record holds the cost in one byte (UNSURE range)", source="IBM SMF 119 profile record"),
    Rule("dynamicxcf-missing", "error", "a stack without IPCONFIG DYNAMICXCF",
         "every stack of the design needs 'IPCONFIG SYSPLEXROUTING DYNAMICXCF address mask cost' so the stacks "
         "reach each other over XCF (DESTIPs are these addresses)",
         source="IBM IP Configuration Guide, dynamic XCF; the Zowe HA page"),
    Rule("sysplexrouting-missing", "warning", "IPCONFIG without SYSPLEXROUTING",
         "every IBM and Zowe sample codes it with DYNAMICXCF (UNSURE whether the distributor strictly needs it)",
         source="IBM and Zowe samples"),
    Rule("dynamicxcf-duplicate", "error", "two stacks with one dynamic XCF address", "each stack needs its own",
         source="IBM IP Configuration Guide, dynamic XCF"),
    # ---------------------------------------------------------------- VIPADEFINE / VIPABACKUP / VIPADELETE
    Rule("vipa-defined-twice", "error", "a DVIPA defined twice in one profile",
         "z/OS rejects the later one; code VIPADELETE before redefining a DVIPA",
         source=f"{_IPCONF}, VIPADEFINE and VIPABACKUP rules"),
    Rule("vipadelete-unknown", "warning", "VIPADELETE of a DVIPA this profile never defined",
         "there is nothing to delete", source=f"{_IPCONF}, VIPADELETE statement"),
    Rule("vipabackup-rank-range", "error", "a VIPABACKUP rank outside 1-254", "z/OS rejects the statement",
         source=f"{_IPCONF}, VIPABACKUP statement (rank 1-254)"),
    Rule("vipabackup-mask-as-address", "error", "VIPABACKUP with a mask but without MOVEABLE",
         "IBM's syntax has a mask only in the MOVEABLE form (VIPABACKUP rank MOVEABLE IMMEDIATE|WHENIDLE "
         "[SERVICEMGR] mask address); without MOVEABLE every token after the rank is an address, so z/OS takes "
         "the mask for a DVIPA to back up (a subnet-mask value is no usable host address, so z/OS rejects it or "
         "backs up an address no stack owns: UNSURE which), and the real DVIPA is backed up only in the plain "
         "form, which never creates it when this system comes up first",
         source=f"{_IPCONF}, VIPABACKUP syntax diagram"),
    Rule("vipabackup-not-moveable-immediate", "warning", "VIPABACKUP that cannot create the DVIPA",
         "VIPABACKUP without MOVEABLE IMMEDIATE and a mask only takes over a DVIPA that another stack already "
         "owns: if this system comes up first (for example after a sysplex-wide outage) it does not create the "
         "DVIPA and binds to it fail (EDC8116I)", source="IBM Q&A dwa1433874"),
    # ---------------------------------------------------------------- VIPADISTRIBUTE and hot standby
    Rule("hotstandby-keyword-without-hotstandby", "error", "a HOTSTANDBY-only keyword with another method",
         "z/OS reports EZZ0831I and stops processing the VIPADYNAMIC block there",
         message_id="EZZ0831I", source=f"{_MSGS}, EZZ0831I"),
    Rule("hotstandby-no-destip-all", "error", "DESTIP ALL with DISTMETHOD HOTSTANDBY",
         "z/OS rejects this VIPADISTRIBUTE (EZZ0165I); list each target's dynamic XCF address with PREFERRED or "
         "BACKUP", message_id="EZZ0165I", source=f"{_MSGS}, EZZ0165I"),
    Rule("hotstandby-target-role", "error", "a hot-standby target without PREFERRED or BACKUP",
         "with HOTSTANDBY every target needs PREFERRED or BACKUP; z/OS rejects this VIPADISTRIBUTE (EZZ0826I)",
         message_id="EZZ0826I", source=f"{_MSGS}, EZZ0826I"),
    Rule("hotstandby-one-preferred", "error", "not exactly one PREFERRED target",
         "HOTSTANDBY needs exactly one; z/OS rejects this VIPADISTRIBUTE (EZZ0827I)",
         message_id="EZZ0827I", source=f"{_MSGS}, EZZ0827I"),
    Rule("hotstandby-needs-backup", "error", "no BACKUP target",
         "HOTSTANDBY needs at least one; z/OS rejects this VIPADISTRIBUTE (EZZ0827I)",
         message_id="EZZ0827I", source=f"{_MSGS}, EZZ0827I"),
    Rule("hotstandby-max-backups", "error", "more than 31 BACKUP targets",
         "HOTSTANDBY allows at most 31; z/OS rejects this VIPADISTRIBUTE (EZZ0829I)",
         message_id="EZZ0829I", source=f"{_MSGS}, EZZ0829I"),
    Rule("hotstandby-unique-targets", "error", "a target listed twice",
         "the PREFERRED and BACKUP addresses must be unique: z/OS rejects this VIPADISTRIBUTE (EZZ0830I)",
         message_id="EZZ0830I", source=f"{_MSGS}, EZZ0830I"),
    Rule("backup-rank-range", "warning", "a BACKUP rank outside 1-254",
         "UNSURE range: IBM's examples use 50 and 100", source=_HOT),
    Rule("vipadistribute-without-vipa", "error", "VIPADISTRIBUTE of a DVIPA this stack does not define",
         "z/OS distributes only a DVIPA defined on the same stack (VIPADEFINE or VIPABACKUP), before the "
         "VIPADISTRIBUTE", source=f"{_IPCONF}, VIPADISTRIBUTE statement"),
    Rule("sysplexports-not-first", "error", "SYSPLEXPORTS on a later VIPADISTRIBUTE",
         "z/OS accepts it only on the first one processed for the DVIPA; to add it, delete the distribution and "
         "define it again (two OBEYFILE data sets)", source="IBM IP Configuration Guide, SYSPLEXPORTS"),
    Rule("too-many-ports", "warning", "very many ports on one VIPADISTRIBUTE",
         "z/OS may limit the number (UNSURE, possibly 64)", source="kit (UNSURE limit)"),
    # ---------------------------------------------------------------- the sysplex
    Rule("single-profile", "info", "one profile given",
         "the sysplex checks (DESTIPs are dynamic XCF addresses, one VIPADEFINE owner, a VIPABACKUP on another "
         "stack) need every stack's profile; give them all, or --change REC", source="kit"),
    Rule("destip-not-dynamicxcf", "error", "a DESTIP that is no stack's dynamic XCF address",
         "a target is named by its IPCONFIG DYNAMICXCF address, so this one gets no connections (UNSURE whether "
         "z/OS rejects the statement or only never matches the target)",
         source=f"{_IPCONF}, VIPADISTRIBUTE DESTIP dynxcfip"),
    Rule("dvipa-in-dynamicxcf-subnet", "warning", "a DVIPA inside the dynamic XCF subnet",
         "the dynamic XCF subnet is the stacks' internal network; a DVIPA inside it is routed as an XCF address "
         "and clients outside the sysplex reach it only if that subnet is advertised. Take the DVIPA from a "
         "subnet of its own (or the OSA's subnet) that OMPROUTE advertises (UNSURE rule: IBM asks DVIPAs not to "
         "overlap other addresses; the kit warns rather than errs)",
         source="IBM IP Configuration Reference, VIPARANGE guideline; IBM OMPROUTE dynamic VIPA considerations"),
    Rule("dvipa-several-owners", "warning", "VIPADEFINE of one DVIPA on several stacks",
         "z/OS accepts this and settles it at run time: the stack whose definition came later takes the DVIPA "
         "(a takeback) and the other one becomes its backup, so which stack distributes depends on the order "
         "the stacks started; give one stack the VIPADEFINE and the others VIPABACKUP",
         source="IBM IP Configuration Guide, DVIPA contention resolution"),
    Rule("dvipa-no-owner", "warning", "no stack defines the DVIPA with VIPADEFINE",
         "it exists only once a VIPABACKUP stack with MOVEABLE IMMEDIATE creates it", source=f"{_IPCONF}, VIPABACKUP"),
    Rule("dvipa-no-backup-stack", "warning", "no other stack backs the distributed DVIPA up",
         "z/OS accepts this, but if this stack fails the DVIPA and its distribution go with it (hot standby "
         "protects the targets, not the distributor)", source=f"{_IPCONF}, VIPABACKUP"),
    Rule("backup-starts-without-owner", "info", "a backup stack that has no distribution of its own",
         "while the owner runs this needs nothing: a backup stack without VIPADISTRIBUTE inherits the owner's "
         "distribution when it takes the DVIPA over. But it has MOVEABLE IMMEDIATE and a mask, so if it starts "
         "while no stack has the DVIPA (the owner is down) it creates the DVIPA with nothing to inherit, and "
         "the DVIPA is not distributed until the owner returns; code the owner's VIPADISTRIBUTE here too to "
         "cover that case", source="IBM IP Configuration Guide, sysplex distributor backup; IBM Q&A dwa1433874"),
    Rule("backup-stack-vipadistribute-differs", "warning", "a backup stack distributes differently",
         "after a takeover the distribution would change", source="kit"),
    # ---------------------------------------------------------------- the change record
    Rule("record-unknown-stack", "error", "a profile whose DYNAMICXCF is no system of the record", source="kit"),
    Rule("record-dynamicxcf", "warning", "dynamic XCF mask or cost differ from the record", source="kit"),
    Rule("record-vipadefine-owner", "error", "VIPADEFINE not where the record puts the owner", source="kit"),
    Rule("record-vipabackup", "error", "VIPABACKUP not where the record puts the backups (a warning for one the "
         "record does not list)", source="kit"),
    Rule("record-vipabackup-order", "error", "VIPABACKUP ranks against the record's order",
         "a higher rank takes over first", source=f"{_IPCONF}, VIPABACKUP rank"),
    Rule("record-distribution-missing", "error", "no VIPADISTRIBUTE on the owner for a record distribution",
         source="kit"),
    Rule("record-ports", "error", "distributed ports differ from the record", source="kit"),
    Rule("record-method", "error", "not DISTMETHOD HOTSTANDBY", source="kit"),
    Rule("record-preferred", "error", "PREFERRED is not the record's preferred system", source="kit"),
    Rule("record-targets", "error", "BACKUP targets differ from the record", source="kit"),
    Rule("record-backup-order", "error", "BACKUP ranks against the record's order (a warning without ranks)",
         "a higher rank is preferred; ranks must differ", source=_HOT),
    Rule("record-autoswitchback", "error", "AUTOSWITCHBACK differs from the record", source=_HOT),
    Rule("record-healthswitch", "error", "HEALTHSWITCH differs from the record", source=_HOT),
    Rule("record-extra-distribution", "warning", "a VIPADISTRIBUTE the record does not have", source="kit"),
)

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
assert len(RULES) == len(_RULES), "duplicate rule id"
SEVERITIES = ("error", "warning", "info")
assert all(r.severity in SEVERITIES for r in _RULES)


def rule(rule_id: str) -> Rule:
    """The catalogue entry; KeyError names an unknown rule (a kit bug, caught by the tests)."""
    return RULES[rule_id]


def message(rule_id: str, specific: str) -> str:
    return RULES[rule_id].text(specific)


def describe() -> list[dict[str, str | None]]:
    """The catalogue as rows (``zowe-ha lint --rules --json``)."""
    return [{"rule": r.id, "severity": r.severity, "message_id": r.message_id, "title": r.title,
             "advice": r.advice, "source": r.source} for r in _RULES]
