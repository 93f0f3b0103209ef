"""Exports of a change record into other tools' formats.

:mod:`.workflow` writes the change as a z/OSMF workflow (definition XML and
variable input file), built from the same step model as the operator sheet;
:mod:`.velocity` keeps literal text literal inside z/OSMF's templates;
:mod:`.xsd` validates the XML against z/OSMF's own schema when the user has it.
"""
