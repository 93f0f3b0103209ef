"""Validating the workflow XML against z/OSMF's own schema, when the user has a copy of it.

z/OSMF ships its workflow schema (``workflow_v1.xsd``) on z/OS; IBM's copy
may not be redistributed, so the kit does not carry it and checks its own
element order in its tests instead. A user who downloads the schema from
their z/OSMF system can have every export checked against it. XML Schema
validation needs lxml, an optional dependency (``pip install
'zowe-ha-kit[xsd]'``): the standard library has no schema validator, and the
rest of the kit never needs one.
"""

from __future__ import annotations

from pathlib import Path

from ..util.errors import InputError, Problem, one_line


class XsdUnavailable(Exception):
    """lxml is not installed, so no schema can be checked."""


def _etree():
    try:
        from lxml import etree  # local: lxml is optional (the xsd extra); only --xsd needs it
    except ImportError:
        raise XsdUnavailable("XML Schema validation needs the lxml package: pip install 'zowe-ha-kit[xsd]'") from None
    return etree


def available() -> bool:
    """True when lxml can be imported."""
    try:
        _etree()
    except XsdUnavailable:
        return False
    return True


def validate(xml_text: str, xsd_path: Path, shown: str | None = None) -> list[str]:
    """Schema errors of ``xml_text`` (``line N: message``), empty when it validates.

    InputError naming the schema file when it cannot be read or is no XML
    schema; XsdUnavailable without lxml. Entities are not expanded and
    nothing is fetched over the network while reading either document.
    """
    etree = _etree()
    name = shown or str(xsd_path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        schema = etree.XMLSchema(etree.parse(str(xsd_path), parser))
    except OSError as exc:
        raise InputError(Problem(name, None, "", f"cannot read the schema: {one_line(exc.strerror or str(exc))}")) from None
    except etree.XMLSyntaxError as exc:
        raise InputError(Problem(name, exc.lineno, "", f"not XML: {one_line(exc.msg or str(exc))}")) from None
    except etree.XMLSchemaParseError as exc:
        raise InputError(Problem(name, None, "", f"not a usable XML schema: {one_line(str(exc))}")) from None
    document = etree.fromstring(xml_text.encode("utf-8"), parser)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {one_line(e.message, 200)}" for e in schema.error_log]
