"""``python -m newsdump``: the same as the ``newsdump`` command."""

from newsdump._cli import run

run()
