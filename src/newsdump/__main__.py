"""``python -m newsdump``: the same as the ``newsdump`` command."""

from newsdump.cli import run

run()
