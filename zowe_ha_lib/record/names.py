"""z/OS names that the kit pastes into operator commands, JCL and REST paths.

A value from a change record or the command line that lands in a console
command (``V TCPIP,proc,OBEYFILE,DSN=...``) is checked against z/OS's own
naming rules first: anything else (a ``;``, a blank, a comma) could end the
command or start another one (an installation may define a command
delimiter character, CONSOLxx CMDDELIM, and ``;`` is a common choice).

Data set names: qualifiers of 1-8 characters (A-Z, 0-9, the national
characters @ # $ and the hyphen, not starting with a digit or a hyphen),
joined by periods, at most 44 characters before the member; a member name
in parentheses is 1-8 characters of the same set without the hyphen (IBM,
z/OS TSO/E User's Guide, "Data Set Naming Rules"). The console accepts
either case.
"""

from __future__ import annotations

import re

_QUALIFIER = r"[A-Za-z@#$][A-Za-z0-9@#$-]{0,7}"
_MEMBER = r"[A-Za-z@#$][A-Za-z0-9@#$]{0,7}"
#: the rule as a JSON Schema (ECMA-262) pattern; ``(?=...)`` keeps the name before the member to 44 characters
DSN_PATTERN = rf"^(?=[^(]{{1,44}}(?:\(|$)){_QUALIFIER}(?:\.{_QUALIFIER})*(?:\({_MEMBER}\))?$"
DSN_RULE = ("a data set name with an optional member, e.g. SYS1.TCPPARMS(ZWEHASA): qualifiers of 1-8 characters "
            "(A-Z 0-9 @ # $ -, not starting with a digit or -) joined by periods, at most 44 in all")
_DSN = re.compile(DSN_PATTERN)


def is_dsname(text: str) -> bool:
    """Whether ``text`` is ``DSN`` or ``DSN(MEMBER)`` exactly (no blanks, no final newline)."""
    return isinstance(text, str) and "\n" not in text and _DSN.match(text) is not None


def check_dsname(text: str) -> str:
    """Upper-case ``DSN`` or ``DSN(MEMBER)``; ValueError if z/OS would not accept the name."""
    name = text.strip().upper()
    if not is_dsname(name):
        raise ValueError(f"{text!r} is not {DSN_RULE}")
    return name
