"""A change record as a z/OSMF workflow: the definition XML and its variable input file.

Many shops run change work inside z/OSMF's Workflows task, so the kit offers
the operator sheet there too. The steps are built from the very mapping the
sheet is rendered from (:func:`zowe_ha_lib.tcpip.sheet.sheet_model`): the
order of the systems, what each step does to each DVIPA and what every
display must show are never worked out twice. Per system, in apply order:

1. display the stack's IP configuration (the sheet's IPCONFIG note);
2. a JCL step that writes the statements (exactly ``zowe-ha generate
   --system``'s output) into the OBEYFILE data set, whose name is a workflow
   variable;
3. SYNTAXCHECK, then 4. OBEYFILE;
5. the VIPADCFG display and what it must show, then 6. the display that proves
   the state the next system starts from.

Then the sysplex-wide verification per DVIPA, the step that makes the change
permanent, and the roll-back: per system, in roll-back order, a JCL step
writing the roll-back statements, SYNTAXCHECK and OBEYFILE, all optional
(``optional="true"``) and chained among themselves only, so that they can be
performed whenever a roll-back is needed.

Console commands. By default each one is a REST step that calls z/OSMF's own
console service (``PUT /zosmf/restconsoles/consoles/defcn``, the command's
``system`` set to the target system). A REST step without a scheme and host
name goes to the local z/OSMF server and runs under the step owner's user
ID, so neither file holds a user ID or a password; the user needs console
authority, as at any console. z/OSMF marks such a step complete when the
service answers 200, which only means the command was issued, so the
instructions say where to read the reply and what it must show. With
``commands="manual"`` every console command is an instructions-only step
("issue this command") for shops that do not let workflows use the console
service. What could not be confirmed (whether the Workflows task shows the
command's reply, whether an installation lets workflows use the console
service) is said in the instructions too.

Skills: writing TCP/IP profile statements into data sets (and into
PROFILE.TCPIP) is the network administrator's part; issuing VARY and
DISPLAY commands at the console and judging their replies is the system
programmer's.

The element order follows z/OSMF's workflow schema (``workflow_v1.xsd``,
which ships with z/OSMF): in the root, ``workflowInfo``, then the
``variable`` elements, then the ``step`` elements; in a leaf step, title,
description, prerequisites, variable values, instructions, weight, skills,
the two step flags, then the template or the REST request. The tests check
the result against a table of that order of their own.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..record.model import ChangeRecord
from ..tcpip.generate import generate_profile
from ..tcpip.sheet import sheet_model
from ..util.errors import InputError, Problem, one_line
from .velocity import Part, Var, needs_substitution, plain, template, variables

NETWORK = "z/OS network administrator"
SYSPROG = "z/OS system programmer"
COMMAND_MODES = ("rest", "manual")
CONSOLE_PATH = "/zosmf/restconsoles/consoles/defcn"
VENDOR = "zowe-ha kit"

# A data set name, optionally with a member: qualifiers of 1-8 characters, the first not a digit.
_QUALIFIER = r"[A-Z@#$][A-Z0-9@#$-]{0,7}"
_DSN = re.compile(rf"(?P<dsn>{_QUALIFIER}(?:\.{_QUALIFIER})*)(?:\((?P<member>[A-Z@#$][A-Z0-9@#$]{{0,7}})\))?")
#: The same rule for z/OSMF to check a value the user types (a Java regular expression).
DSN_REGEX = r"^[A-Za-z@#$][A-Za-z0-9@#$-]{0,7}(\.[A-Za-z@#$][A-Za-z0-9@#$-]{0,7})*(\([A-Za-z@#$][A-Za-z0-9@#$]{0,7}\))?$"
_DSN_MESSAGE = "Give a data set name (at most 44 characters), optionally with a member: SYS1.TCPPARMS(ZWEHASA)"
_DELIMITER = "@@"  # ends the in-stream data of the JCL steps (DD DATA,DLM=@@)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Variable:
    """One instance variable: a data set the user may change when creating the workflow."""

    name: str
    label: str
    abstract: str
    description: str
    category: str
    value: str | None  # None: the record does not say; the user must give it


@dataclass(frozen=True)
class Step:
    """One leaf step, in the order the workflow lists it."""

    name: str
    title: str
    description: str
    instructions: tuple[Part, ...]
    skills: str
    prereqs: tuple[str, ...] = ()
    optional: bool = False
    system: str | None = None  # where the step acts (None: the whole sysplex)
    command: tuple[Part, ...] = ()  # the console command, when the step issues one
    rest: tuple[Part, ...] = ()  # the REST request body (console steps in "rest" mode)
    jcl: tuple[Part, ...] = ()  # the inline JCL template (data set writing steps)

    @property
    def variables(self) -> list[str]:
        """Every variable the step's texts refer to, so that each gets a ``variableValue``."""
        return variables([*self.instructions, *self.rest, *self.jcl, *self.command])

    @property
    def kind(self) -> str:
        return "jcl" if self.jcl else "rest" if self.rest else "manual"


@dataclass
class Workflow:
    """Everything the two files hold."""

    change: str
    workflow_id: str
    name: str
    description: str
    version: str
    variables: list[Variable] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    def variable(self, name: str) -> Variable:
        return next(v for v in self.variables if v.name == name)

    @property
    def missing_values(self) -> list[Variable]:
        """Variables the record gives no value for (the properties file leaves them empty)."""
        return [v for v in self.variables if v.value is None]


# --------------------------------------------------------------------------- names and values


def ident(name: str) -> str:
    """A SYSNAME as part of a step or variable name: the national characters spelt out.

    ``#``, ``$`` and ``@`` become ``_h``, ``_d`` and ``_a``; a SYSNAME has no
    underscore, so two systems never get the same name.
    """
    return name.replace("#", "_h").replace("$", "_d").replace("@", "_a")


def data_set(record: ChangeRecord, index: int) -> str | None:
    """System ``index``'s OBEYFILE data set in upper case, None when the record names none.

    InputError (naming the key and line) when it is not a data set name: it is
    put into JCL and into console commands, where anything else would break
    them.
    """
    system = record.sysplex.systems[index]
    if not system.obeyfile:
        return None
    value = system.obeyfile.strip().upper()
    match = _DSN.fullmatch(value)
    if match is None or len(match["dsn"]) > 44:
        key = ("sysplex", "systems", index, "obeyfile")
        raise InputError(Problem(record.display_path, record.lines.get(key), f"sysplex.systems[{index}].obeyfile",
                                 f"{one_line(system.obeyfile, 60)!r} is not a data set name, so it cannot go into "
                                 "the workflow's JCL and commands; expected a name such as SYS1.TCPPARMS(ZWEHASA)"))
    return value


def rollback_data_set(obeyfile: str) -> str:
    """A name for the roll-back statements next to the OBEYFILE data set (the user may change it).

    For a member, the same library with the member name ending in R (B when
    that would be the same member); for a sequential data set, one more
    qualifier, ROLLBACK (or the last one replaced when the name would grow
    past 44 characters).
    """
    match = _DSN.fullmatch(obeyfile)
    if match is None:
        raise ValueError(f"not a data set name: {obeyfile!r}")
    dsn, member = match["dsn"], match["member"]
    if member:
        other = member + "R" if len(member) < 8 else member[:7] + "R"
        if other == member:
            other = member[:7] + "B"
        return f"{dsn}({other})"
    if len(dsn) + len(".ROLLBACK") <= 44:
        return dsn + ".ROLLBACK"
    head = dsn.rsplit(".", 1)[0] if "." in dsn else ""
    last = "ROLLBACK" if not dsn.endswith(".ROLLBACK") else "BACKOUT"
    return f"{head}.{last}" if head else last


# --------------------------------------------------------------------------- instruction text


def _p(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


def _code(text: str) -> str:
    """Markdown-ish text of the sheet as HTML: escaped, `code` spans kept."""
    pieces = html.escape(text, quote=False).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def _list(lines: list[str]) -> str:
    """The sheet's bullet lines (``- x``, nested ``  - y``) as an HTML list."""
    out: list[str] = []
    depth = 0
    for line in lines:
        level = (len(line) - len(line.lstrip(" "))) // 2 + 1
        text = line.strip()[2:] if line.strip().startswith("- ") else line.strip()
        if level > depth:
            out += ["<ul>"] * (level - depth)
        else:
            out.append("</li>")
            out += ["</ul></li>"] * (depth - level)
        out.append(f"<li>{_code(text)}")
        depth = level
    if depth:
        out.append("</li>")
        out += ["</ul></li>"] * (depth - 1)
        out.append("</ul>")
    return "".join(out)


def _pre(parts: list[Part]) -> list[Part]:
    return ["<pre>", *[html.escape(p, quote=False) if isinstance(p, str) else p for p in parts], "</pre>"]


def _json_text(text: str) -> str:
    """``text`` as the inside of a JSON string."""
    return json.dumps(text)[1:-1]


# --------------------------------------------------------------------------- console steps


def _issue(command: list[Part], system: str, mode: str, reading: str) -> tuple[list[Part], tuple[Part, ...]]:
    """Instructions and REST body for one console command on ``system``."""
    if mode == "rest":
        text: list[Part] = [
            _p(f"Perform this step to issue the command below on {system}. z/OSMF issues it through its own "
               "console service, under your user ID (the workflow holds no user ID or password), from an EMCS "
               "console named after your user ID: you need the console authority the command needs."),
            *_pre(command),
            _p("z/OSMF marks the step complete when its console service accepts the command. That does not prove "
               "the command worked: read the reply in the z/OSMF Consoles task, or in SDSF (ULOG or the system "
               f"log) on {system}. {reading} If your installation does not let workflows use the console service, "
               "issue the command by hand from any console instead and then mark this step complete."),
        ]
        body: list[Part] = ['{"cmd":"']
        body += [_json_text(p) if isinstance(p, str) else p for p in command]
        body += [f'","system":{json.dumps(system)}}}']
        return text, tuple(body)
    text = [
        _p(f"Issue this command on {system} (from the z/OSMF Consoles task, SDSF or an MCS console), then mark this "
           "step complete:"),
        *_pre(command),
        _p(reading),
    ]
    return text, ()


def _console_step(name: str, title: str, description: str, command: list[Part], system: str, mode: str,
                  reading: str, extra: list[Part] | None = None, prereqs: tuple[str, ...] = (),
                  optional: bool = False) -> Step:
    instructions, body = _issue(command, system, mode, reading)
    return Step(name=name, title=title, description=description, instructions=tuple([*(extra or []), *instructions]),
                skills=SYSPROG, prereqs=prereqs, optional=optional, system=system, command=tuple(command), rest=body)


def _write_step(name: str, title: str, description: str, change: str, system: str, statements: str, target: Var,
                what: str, prereqs: tuple[str, ...], optional: bool, note: list[Part]) -> Step:
    """A JCL step that copies ``statements`` into the data set named by ``target`` (IEBGENER)."""
    lines = statements.rstrip("\n").split("\n")
    bad = [line for line in lines if line.startswith(_DELIMITER) or len(line) > 80]
    if bad:  # the generator keeps every line within 71 columns and starts none with @@
        raise ValueError(f"statement line cannot go into in-stream data: {bad[0]!r}")
    jcl: list[Part] = [
        f"//* zowe-ha {change}: {what} for {system}\n"
        "//WRITE    EXEC PGM=IEBGENER\n"
        "//SYSPRINT DD SYSOUT=*\n"
        "//SYSIN    DD DUMMY\n"
        "//SYSUT2   DD DISP=SHR,DSN=", target, "\n"
        f"//SYSUT1   DD DATA,DLM={_DELIMITER}\n",
        *[line + "\n" for line in lines],
        _DELIMITER,
    ]
    instructions: list[Part] = [
        _p(f"Perform this step to submit a job that writes {system}'s {what} into the data set below, replacing "
           "what it holds (for a member: the member). The data set, or the library of the member, must already "
           "exist with fixed-length 80-byte records, as TCP/IP profile data sets are, and be reachable from the "
           "system that z/OSMF submits the job on. Change the data set in this step's variable if you want another "
           "one; the job's statements are shown, and can be edited, before it is submitted."),
        "<pre>", target, "</pre>",
        *note,
        _p("The job must end with return code 0."),
    ]
    return Step(name=name, title=title, description=description, instructions=tuple(instructions), skills=NETWORK,
                prereqs=prereqs, optional=optional, system=system, jcl=tuple(jcl))


# --------------------------------------------------------------------------- building


def build_workflow(record: ChangeRecord, commands: str = "rest", warning: str = "") -> Workflow:
    """The whole workflow for ``record``; InputError when an OBEYFILE data set is not a data set name.

    ``warning`` is what the report's copy of the operator sheet opens with
    when the record is not ready ("Do not apply: ..."); the workflow then
    opens with it too, in its description and atop its first step, so that
    nobody applies from z/OSMF what the sheet says not to apply.
    """
    if commands not in COMMAND_MODES:
        raise ValueError(f"commands must be one of {COMMAND_MODES}, not {commands!r}")
    model: dict[str, Any] = sheet_model(record)
    names = list(record.sysplex.system_names)
    sets = {name: data_set(record, names.index(name)) for name in names}
    wf = Workflow(
        change=record.id,
        workflow_id=f"zowe-ha-{record.id}",
        name=f"{record.id}: Zowe high availability on {model['sysplex']}",
        description=(f"{warning} " if warning else "")
        + (f"{model['title']}. Apply {record.id}'s TCP/IP statements on sysplex {model['sysplex']} in the order "
           f"{', '.join(model['order'])}, prove each step with a display, verify the sysplex and make the change "
           "permanent; the roll-back steps are optional. Written by zowe-ha export workflow."),
        version=__version__,
    )
    for step in model["steps"]:
        name = step["name"]
        wf.variables.append(Variable(
            name=f"obeyfile_{ident(name)}", label=f"OBEYFILE data set for {name}",
            abstract=f"The data set the statements for {name} are written to and applied from.",
            description=(f"The data set (or library member) that receives {name}'s TCP/IP statements and that "
                         "SYNTAXCHECK and OBEYFILE name. It must exist with fixed-length 80-byte records."),
            category="Data sets", value=sets[name]))
    for item in model["rollback"]:
        name = item["name"]
        wf.variables.append(Variable(
            name=f"rollback_{ident(name)}", label=f"Roll-back data set for {name}",
            abstract=f"The data set the roll-back statements for {name} are written to.",
            description=(f"The data set (or library member) that receives {name}'s roll-back statements; used only "
                         "if the change is taken back out. It must exist with fixed-length 80-byte records. The "
                         "value offered is made from the OBEYFILE data set's name."),
            category="Data sets", value=rollback_data_set(sets[name]) if sets[name] else None))

    previous: tuple[str, ...] = ()

    def add(step: Step) -> None:
        nonlocal previous
        wf.steps.append(step)
        previous = (step.name,)

    notes = list(model["notes"])
    for number, step in enumerate(model["steps"], start=1):
        sysname, proc = step["name"], step["proc"]
        key = f"apply{number}_{ident(sysname)}"
        obey = Var(f"obeyfile_{ident(sysname)}")
        where = f"Step {number} of {len(model['steps'])}: {sysname} ({step['role']})."
        first: list[Part] = []
        if number == 1:
            first = [f"<p><strong>{html.escape(warning, quote=False)}</strong></p>"] if warning else []
            first.append(_p(f"Apply in this order: {', '.join(model['order'])}. {model['order_reason']}"))
        add(_console_step(
            f"{key}_config", f"{sysname}: display the IP configuration", where,
            [f"D TCPIP,{proc},NETSTAT,CONFIG"], sysname, commands,
            "Look at the IPCONFIG part of the reply (dynamic XCF) before going on; the note above says what to do "
            "with it.",
            extra=[*first, *[_p(n) for n in notes]], prereqs=previous))
        add(_write_step(
            f"{key}_write", f"{sysname}: write the statements into the OBEYFILE data set", where, record.id, sysname,
            generate_profile(record, sysname), obey, "TCP/IP profile statements", previous, False,
            [_p("If the IP configuration display showed dynamic XCF already on with the planned address, change "
                "the IPCONFIG statement in the job to 'IPCONFIG SYSPLEXROUTING' before submitting it (see the "
                "previous step); if it showed another address, stop.")]))
        add(_console_step(
            f"{key}_syntaxcheck", f"{sysname}: check the statements (SYNTAXCHECK)", where,
            [f"V TCPIP,{proc},SYNTAXCHECK,", obey], sysname, commands,
            "Go on only when the reply reports no errors. SYNTAXCHECK changes nothing in the running stack.",
            prereqs=previous))
        add(_console_step(
            f"{key}_obeyfile", f"{sysname}: apply the statements (OBEYFILE)", where,
            [f"V TCPIP,{proc},OBEYFILE,DSN=", obey], sysname, commands,
            "Go on only when the reply reports that the command completed without errors.",
            extra=[_p(line) for line in step["happens"]], prereqs=previous))
        expect = (_list(step["expect"]) if step["expect"] else
                  _p(f"It should show no Dynamic VIPA definitions for this change ({sysname} is only a target)."))
        add(_console_step(
            f"{key}_vipadcfg", f"{sysname}: verify its dynamic VIPA configuration", where,
            [f"D TCPIP,{proc},NETSTAT,VIPADCFG"], sysname, commands,
            "The reply should show what is listed above; go on only when it does.",
            extra=[_p(f"Verify on {sysname}. It should show:") if step["expect"] else "", expect],
            prereqs=previous))
        add(_console_step(
            f"{key}_state", f"{sysname}: prove the state before the next step", where,
            [step["state_command"]], sysname, commands,
            "Go on to the next step only when the reply shows what is listed above.",
            extra=[_p(step["state_intro"]), _list(step["state"])], prereqs=previous))

    for number, group in enumerate(model["groups"], start=1):
        where = f"Verify the sysplex: DVIPA {group['dvipa']}."
        add(_console_step(
            f"verify{number}_vipadyn", f"Sysplex: DVIPA {group['dvipa']} on every stack", where,
            [f"D TCPIP,{group['proc']},SYSPLEX,VIPADYN"], group["owner"], commands,
            "The reply should show what is listed above.",
            extra=[_p(f"From any system (here {group['owner']}); it should show:"), _list(group["vipadyn"])],
            prereqs=previous))
        add(_console_step(
            f"verify{number}_vdpt", f"Sysplex: destination port table on {group['owner']}", where,
            [f"D TCPIP,{group['proc']},NETSTAT,VDPT"], group["owner"], commands,
            "The reply should show what is listed above.",
            extra=[_p(f"On the distributor {group['owner']} (other stacks have no destination port table); it "
                      "should show:"), _list(group["vdpt"])],
            prereqs=previous))

    add(Step(name="permanent", title="Make the change permanent",
             description="OBEYFILE changes last only until the TCP/IP stack stops.",
             instructions=tuple(_p(para) for para in model["permanent"]), skills=NETWORK, prereqs=previous))

    previous = ()  # the roll-back may be needed at any point: it waits for nothing but its own order
    for number, item in enumerate(model["rollback"], start=1):
        sysname, proc = item["name"], item["proc"]
        key = f"rollback{number}_{ident(sysname)}"
        back = Var(f"rollback_{ident(sysname)}")
        where = f"Roll-back, only to take the change back out. Order: {', '.join(r['name'] for r in model['rollback'])}."
        add(_write_step(
            f"{key}_write", f"Roll-back {sysname}: write the roll-back statements", where, record.id, sysname,
            item["text"] + "\n", back, "roll-back statements", previous, True,
            [_p(model["rollback_intro"])] if number == 1 else []))
        add(_console_step(
            f"{key}_syntaxcheck", f"Roll-back {sysname}: check the statements (SYNTAXCHECK)", where,
            [f"V TCPIP,{proc},SYNTAXCHECK,", back], sysname, commands,
            "Go on only when the reply reports no errors.", prereqs=previous, optional=True))
        add(_console_step(
            f"{key}_obeyfile", f"Roll-back {sysname}: apply the roll-back (OBEYFILE)", where,
            [f"V TCPIP,{proc},OBEYFILE,DSN=", back], sysname, commands,
            "Go on only when the reply reports that the command completed without errors.",
            prereqs=previous, optional=True))
    return wf


# --------------------------------------------------------------------------- the XML


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _text(parent: ET.Element, tag: str, parts: tuple[Part, ...] | list[Part]) -> ET.Element:
    """An element with a ``substitution`` attribute: true only when the text refers to a variable."""
    if needs_substitution(parts):
        return _sub(parent, tag, template(parts), substitution="true")
    return _sub(parent, tag, plain(parts), substitution="false")


def _variable_xml(root: ET.Element, v: Variable) -> None:
    element = _sub(root, "variable", name=v.name, scope="instance", visibility="public")
    _sub(element, "label", v.label)
    _sub(element, "abstract", v.abstract)
    _sub(element, "description", v.description)
    _sub(element, "category", v.category)
    string = _sub(element, "string", valueMustBeChoice="false", multiLine="false")
    _sub(string, "regularExpression", DSN_REGEX)
    _sub(string, "errorMessage", _DSN_MESSAGE)
    if v.value is not None:
        _sub(string, "default", v.value)


def _step_xml(root: ET.Element, step: Step) -> None:
    element = _sub(root, "step", name=step.name, optional="true" if step.optional else "false")
    _sub(element, "title", step.title)
    _sub(element, "description", step.description)
    for name in step.prereqs:
        _sub(element, "prereqStep", name=name)
    for name in step.variables:
        _sub(element, "variableValue", name=name, scope="instance", noPromptIfSet="false", required="true")
    _text(element, "instructions", step.instructions)
    _sub(element, "weight", "1")
    _sub(element, "skills", step.skills)
    _sub(element, "autoEnable", "false")  # a person performs every step: each one waits for the last reply
    _sub(element, "canMarkAsFailed", "true")
    if step.jcl:
        tmpl = _sub(element, "template")
        _text(tmpl, "inlineTemplate", step.jcl)
        _sub(tmpl, "submitAs", "JCL", maxRc="0")
        _sub(tmpl, "maxLrecl", "80")
    elif step.rest:
        rest = _sub(element, "rest")
        _sub(rest, "httpMethod", "PUT")
        _sub(rest, "uriPath", CONSOLE_PATH, substitution="false")
        _text(rest, "requestBody", step.rest)
        _sub(rest, "expectedStatusCode", "200")


def workflow_xml(wf: Workflow) -> str:
    """The workflow definition file: UTF-8 declared, every character outside ASCII as a character reference."""
    root = ET.Element("workflow")
    info = _sub(root, "workflowInfo")
    _sub(info, "workflowID", wf.workflow_id, scope="none")
    _sub(info, "workflowDefaultName", wf.name)
    _sub(info, "workflowDescription", wf.description)
    _sub(info, "workflowVersion", wf.version)
    _sub(info, "vendor", VENDOR)
    _sub(info, "General")
    for v in wf.variables:
        _variable_xml(root, v)
    for step in wf.steps:
        _step_xml(root, step)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    text = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body + "\n"
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


# --------------------------------------------------------------------------- the properties file


def _property_value(text: str) -> str:
    """A value in Java properties syntax (what z/OSMF reads): backslash, leading blanks and non-ASCII escaped."""
    out = []
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == " " and i == 0:
            out.append("\\ ")
        elif " " <= ch <= "~":
            out.append(ch)
        else:  # \uXXXX per UTF-16 code unit, as Java's Properties.load reads it
            units = ch.encode("utf-16-be")
            out += [f"\\u{int.from_bytes(units[j:j + 2], 'big'):04x}" for j in range(0, len(units), 2)]
    return "".join(out)


def properties_text(wf: Workflow) -> str:
    """The variable input file: one ``name=value`` line per variable, each under a comment saying what it is."""
    lines = [f"# Variable input file for the z/OSMF workflow {wf.change}.xml (zowe-ha export workflow).",
             "# One name=value line per workflow variable; change a value here or when creating the workflow."]
    for v in wf.variables:
        lines += ["", f"# {v.name}", f"# Label: {v.label}", f"# Category: {v.category}"]
        if v.value is None:
            lines.append("# The change record names no data set here: give one before creating the workflow.")
        lines.append(f"{v.name}={_property_value(v.value or '')}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- together


def export_files(record: ChangeRecord, commands: str = "rest", warning: str = "") -> dict[str, str]:
    """``{<change id>.xml: definition, <change id>.properties: variable input file}``; pure, no file access."""
    wf = build_workflow(record, commands, warning)
    return {f"{record.id}.xml": workflow_xml(wf), f"{record.id}.properties": properties_text(wf)}


def step_lines(wf: Workflow) -> list[str]:
    """The step list as text lines: number, name, role, optional, what it does."""
    width = max((len(s.name) for s in wf.steps), default=0)
    out = []
    for number, step in enumerate(wf.steps, start=1):
        role = "network admin" if step.skills == NETWORK else "system programmer"
        flag = "optional" if step.optional else "required"
        out.append(f"{number:3d}. {step.name:<{width}}  {step.kind:<6} {role:<17} {flag:<8}  {step.title}")
    return out
