"""The JSON Schema of ``change.yaml`` and a small validator for it.

The schema is the single description of the file: ``zowe-ha schema`` prints it
for editors (YAML language servers complete and check against it), and
:func:`validate` walks it to produce messages a person can act on: the key
path, the line, what was expected, and a "did you mean" for misspelt keys.
Only the JSON Schema keywords used below are interpreted; tests check that
the ``jsonschema`` package agrees on valid and invalid examples.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..util.errors import Problem
from . import release
from .names import DSN_PATTERN, DSN_RULE
from .yamlsrc import Located, format_path

SCHEMA_ID = "https://zowe-ha-kit.example/schema/change.json"
TICKET_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._/#:-]{0,63}$"
# A link the site shows as one: http(s) only (never javascript: or data:), nothing that ends an attribute.
TICKET_URL_PATTERN = "^https?://[^\\s\"'<>`]+$"
# What a value that fails a pattern is, said plainly where "is not valid: <description>" would not.
_PATTERN_SAYS = {
    DSN_PATTERN: f"is not a data set name ({DSN_RULE.split(': ', 1)[1]}); it is pasted into operator commands "
                 "(V TCPIP,,OBEYFILE,DSN=) and the workflow's JCL, where anything else would break them",
}



def _ip(example: str) -> dict[str, Any]:
    """An address field; each has its own example, so a DVIPA's never shows a dynamic XCF address."""
    return {"type": "string", "description": "IPv4 address (leading zeros accepted) or IPv6 address", "examples": [example]}


# The example record of the schema: the shape of runbooks/CHG0001, with documentation addresses
# (RFC 5737). The DVIPA is an address of its own, never one of the systems' dynamic XCF addresses
# (the record rules reject that: z/OS would route it as the stack's own XCF address).
EXAMPLE_XCF = ("198.51.100.11", "198.51.100.12", "198.51.100.13")
EXAMPLE_DVIPA = "203.0.113.50"
EXAMPLE: dict[str, Any] = {
    "change": {"id": "CHG0001", "title": "Enable Zowe high availability on PLEX1", "zowe_release": "v3"},
    "sysplex": {
        "name": "PLEX1",
        "systems": [{"name": f"SYS{c}", "dynamic_xcf": ip} for c, ip in zip("ABC", EXAMPLE_XCF, strict=True)],
        "dynamic_xcf_mask": "255.255.255.0",
        "dynamic_xcf_cost": 1,
    },
    "distributions": [
        {"name": "zowe-gateway", "dvipa": EXAMPLE_DVIPA, "hostname": "zowe.plex1.example.com", "ports": [7554],
         "preferred": "SYSA", "backups": ["SYSB", "SYSC"]},
    ],
    "zowe": {"config": "zowe.yaml"},
}
_mask = {
    "type": "string",
    "description": "subnet mask, dotted (255.255.255.0) or as prefix bits (/24)",
    "examples": ["255.255.255.0"],
}
_sysname = {
    "type": "string",
    "pattern": "^[A-Za-z0-9@#$]{1,8}$",
    "description": "SYSNAME: 1-8 of A-Z 0-9 @ # $",
    "examples": ["SYSA"],
}
_bool = {"type": "boolean"}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "zowe-ha change record (change.yaml)",
    "description": "Parameters of one change: the sysplex, its systems and the Sysplex Distributor DVIPAs for Zowe HA.",
    "examples": [EXAMPLE],
    "type": "object",
    "additionalProperties": False,
    "required": ["change", "sysplex", "distributions"],
    "properties": {
        "change": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title"],
            "description": "What this change is.",
            "properties": {
                "id": {
                    "type": "string",
                    "pattern": "^[A-Za-z0-9_-]{1,32}$",
                    "description": "change id, also the report folder name: 1-32 of A-Z a-z 0-9 _ -",
                    "examples": ["CHG0001"],
                },
                "title": {"type": "string", "minLength": 1, "maxLength": 200, "description": "one-line title"},
                "zowe_release": {
                    "type": "string",
                    "pattern": release.PATTERN,
                    "default": "v3",
                    "description": f"Zowe release whose rules apply: {release.SHAPE}",
                    "examples": ["v3", "v3.4", "v2.18"],
                },
                "ticket": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id"],
                    "description": "the change ticket this record carries out (kept in the report's manifest, shown on the site; "
                                   "a sign-off policy may require it)",
                    "properties": {
                        "id": {
                            "type": "string",
                            "pattern": TICKET_ID_PATTERN,
                            "description": "the ticket's id in your change system: 1-64 of A-Z a-z 0-9 . _ - / # :",
                            "examples": ["CHG0012345"],
                        },
                        "url": {
                            "type": "string",
                            "maxLength": 500,
                            "pattern": TICKET_URL_PATTERN,
                            "description": "a link to the ticket: an http:// or https:// address without blanks or quotes",
                            "examples": ["https://itsm.example.com/change/CHG0012345"],
                        },
                    },
                },
            },
        },
        "sysplex": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "systems"],
            "properties": {
                "name": {
                    "type": "string",
                    "pattern": "^[A-Za-z0-9@#$]{1,8}$",
                    "description": "sysplex name, 1-8 characters",
                    "examples": ["PLEX1"],
                },
                "systems": {
                    "type": "array",
                    "minItems": 2,
                    "description": "the systems (LPARs) that run Zowe; at least two",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["name", "dynamic_xcf"],
                        "properties": {
                            "name": _sysname,
                            "dynamic_xcf": {**_ip(EXAMPLE_XCF[0]), "description": "IPCONFIG DYNAMICXCF address; also this system's DESTIP"},
                            "hostname": {"type": "string", "minLength": 1, "description": "the LPAR's host name (haInstances hostname)"},
                            "tcpip_proc": {
                                "type": "string",
                                "pattern": "^[A-Za-z@#$][A-Za-z0-9@#$]{0,7}$",
                                "default": "TCPIP",
                                "description": "TCP/IP started task name, for operator commands",
                            },
                            "obeyfile": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": 54,
                                # Pasted into V TCPIP,proc,OBEYFILE,DSN=...: a ";" could end the command and start another.
                                "pattern": DSN_PATTERN,
                                "description": f"data set that will hold this system's OBEYFILE statements (pasted into "
                                               f"V TCPIP,,OBEYFILE,DSN=): {DSN_RULE}",
                            },
                        },
                    },
                },
                "dynamic_xcf_mask": {**_mask, "default": "255.255.255.0"},
                "dynamic_xcf_cost": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 255,
                    "default": 1,
                    "description": "IPCONFIG DYNAMICXCF cost metric",
                },
            },
        },
        "distributions": {
            "type": "array",
            "minItems": 1,
            "description": "one per distributed DVIPA and port set",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "dvipa", "ports", "preferred", "backups"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,40}$", "examples": ["zowe-gateway"]},
                    "role": {"type": "string", "enum": ["zowe-gateway", "zosmf", "other"]},
                    "dvipa": {**_ip(EXAMPLE_DVIPA), "description": "the distributed dynamic VIPA"},
                    "mask": {**_mask, "default": "255.255.255.0"},
                    "interface": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9@#$_]{1,16}$",
                        "description": "IPv6 only: the ipv6_intfname for VIPADEFINE/VIPABACKUP",
                    },
                    "hostname": {"type": "string", "minLength": 1, "description": "the DVIPA's DNS name (zowe.externalDomains)"},
                    "ports": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"type": "integer", "minimum": 1, "maximum": 65535},
                        "description": "distributed ports; the gateway's must equal zowe.externalPort",
                        "examples": [[7554]],
                    },
                    "preferred": {**_sysname, "description": "the system whose server gets new connections first"},
                    "backups": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 31,
                        "uniqueItems": True,
                        "items": _sysname,
                        "description": "backup targets in order of preference (first is the highest rank)",
                    },
                    "autoswitchback": {**_bool, "default": True, "description": "return to the preferred target when it is back"},
                    "healthswitch": {**_bool, "default": True, "description": "leave an unhealthy active target"},
                    "distributor": {**_sysname, "description": "stack that owns the DVIPA (VIPADEFINE); default: preferred"},
                    "distributor_backups": {
                        "type": "array",
                        "uniqueItems": True,
                        "items": _sysname,
                        "description": "stacks that take the DVIPA over (VIPABACKUP), first = highest rank; default: backups",
                    },
                },
            },
        },
        "zowe": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "config": {"type": "string", "minLength": 1, "description": "zowe.yaml to cross-check, relative to the record folder"},
                "restarted_by": {
                    "type": "string", "enum": ["arm", "automation"],
                    "description": "what restarts the Zowe started tasks after a failure: arm (checked against D XCF,ARMSTATUS) "
                                   "or automation (your automation product; the kit takes this word for it)",
                },
            },
        },
    },
}

_TYPES = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _type_hint(expected: str, value: Any) -> str:
    article = {"object": "a mapping (key: value lines)", "array": "a list", "string": "text",
               "integer": "a whole number", "boolean": "true or false"}[expected]
    hint = ""
    if expected == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        hint = f" (quote it: '{value}')"
    elif expected == "array" and isinstance(value, str | int):
        hint = f" (write [{value}])"
    elif expected == "integer" and isinstance(value, str) and value.strip().isdigit():
        hint = f" (write {value.strip()} without quotes)"
    elif expected == "object" and isinstance(value, list):
        hint = " (remove the leading '- ')"
    return f"expected {article}, got {_describe(value)}{hint}"


def validate(located: Located, schema: dict[str, Any] | None = None) -> list[Problem]:
    """Check ``located.data`` against the schema; every problem, in file order."""
    problems: list[Problem] = []
    _walk(located.data, schema or SCHEMA, (), located, problems)
    problems.sort(key=lambda p: (p.line or 0))
    return problems


def _walk(value: Any, schema: dict[str, Any], path: tuple, located: Located, out: list[Problem]) -> None:
    def problem(msg: str, at: tuple = path) -> None:
        out.append(Problem(located.file, located.line(at), format_path(at), msg))

    expected = schema.get("type")
    if expected:
        ok = isinstance(value, _TYPES[expected]) and not (expected == "integer" and isinstance(value, bool))
        if not ok:
            problem(_type_hint(expected, value))
            return
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(str(c) for c in schema["enum"])
        near = difflib.get_close_matches(str(value), [str(c) for c in schema["enum"]], n=1)
        problem(f"{value!r} is not one of {choices}" + (f"; did you mean {near[0]!r}?" if near else ""))
        return
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            problem("must not be empty" if schema["minLength"] == 1 else f"at least {schema['minLength']} characters")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problem(f"{len(value)} characters; at most {schema['maxLength']}")
        # JSON Schema's "$" ends the value; Python's would also accept a final newline ("SYSA\n").
        if "pattern" in schema and (not re.search(schema["pattern"], value) or "\n" in value):
            said = _PATTERN_SAYS.get(schema["pattern"])
            problem(f"{value!r} {said}" if said else
                    f"{value!r} is not valid: {schema.get('description', 'pattern ' + schema['pattern'])}")
    if isinstance(value, int) and not isinstance(value, bool):
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            problem(f"{value} is out of range {lo}-{hi}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            n = schema["minItems"]
            problem(f"needs at least {n} item{'s' if n > 1 else ''}, has {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problem(f"has {len(value)} items; at most {schema['maxItems']}")
        if schema.get("uniqueItems"):
            seen: list[Any] = []
            for index, item in enumerate(value):
                if item in seen:
                    problem(f"{item!r} is listed twice", (*path, index))
                seen.append(item)
        item_schema = schema.get("items")
        if item_schema:
            for index, item in enumerate(value):
                _walk(item, item_schema, (*path, index), located, out)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        explained: set[str] = set()  # required keys that a misspelt key stands for
        if schema.get("additionalProperties") is False:
            for key in value:
                if key not in props:
                    near = difflib.get_close_matches(str(key), [p for p in props if p not in value], n=1, cutoff=0.6)
                    hint = f"; did you mean {near[0]!r}?" if near else f"; allowed here: {', '.join(props)}"
                    problem(f"unknown key {key!r}{hint}", (*path, key))
                    explained.update(near)
        for key in schema.get("required", []):
            if key not in value and key not in explained:
                problem(f"missing required key {key!r}")
        for key, sub in props.items():
            if key in value:
                _walk(value[key], sub, (*path, key), located, out)
