"""The command line: a thin ``main(argv) -> int`` over the library, one module a command.

Exit status: 0 when every file was handled (validate: no error found), 1 when any file
could not be (validate: a finding fails the run), 2 for a usage error (an unknown option,
a path that does not exist or cannot be read).

A command is a module here with ``add_parser(commands)`` (its options) and
``run(arguments) -> int``, listed in ``_main._COMMANDS``. What only some commands need is
imported in them, when they run: ``validate`` in a pre-commit hook should not pay for
cattrs, pyarrow's glue, the worker pool or the JSON Schema.
"""

from newsdump.cli._main import main, run

__all__ = ["main", "run"]
