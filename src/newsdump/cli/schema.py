"""``newsdump schema``: the JSON Schema of the JSON formats."""

from __future__ import annotations

import argparse
import sys

from newsdump._errors import UsageError
from newsdump.cli._options import (
    EXIT_OK,
    Commands,
    command,
)

__all__ = ["add_parser", "run"]


def add_parser(commands: Commands) -> None:
    parser = command(
        commands,
        "schema",
        "print the JSON Schema of the JSON format",
        "  newsdump schema > newsdump.schema.json\n  newsdump schema --jsonl\n"
        "  newsdump schema --jsonl --dedupe\n"
        "  newsdump schema --report                 # of newsdump report --format json",
    )
    parser.add_argument(
        "--jsonl", action="store_true", help="the schema of one JSON Lines record instead"
    )
    parser.add_argument(
        "--dedupe",
        action="store_true",
        help="with --jsonl: of one record of convert --jsonl --dedupe",
    )
    parser.add_argument(
        "--report", action="store_true", help="the schema of newsdump report --format json"
    )


def run(arguments: argparse.Namespace) -> int:
    from newsdump._jsonio import dumps
    from newsdump._schema import json_schema

    if arguments.dedupe and not arguments.jsonl:
        raise UsageError("--dedupe goes with --jsonl")
    if arguments.report:
        if arguments.jsonl:
            raise UsageError("--report and --jsonl name different schemas")
        from newsdump._health_schema import REPORT_SCHEMA

        schema = REPORT_SCHEMA
    else:
        schema = json_schema(jsonl=arguments.jsonl, dedupe=arguments.dedupe)
    sys.stdout.write(dumps(schema, indent=2).decode("utf-8") + "\n")
    return EXIT_OK
