"""The JSON Schema of ``newsdump report --format json`` (``newsdump schema --report``):
the report ``_health`` makes, key by key."""

from __future__ import annotations

from typing import Any

from newsdump._health import EXAMPLES, REPORT_VERSION, STATUSES, TOP_CREDITS

__all__ = ["REPORT_SCHEMA"]


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


_COUNT = {"type": "integer", "minimum": 0}
_COUNTS = {"type": "object", "additionalProperties": _COUNT}
_FILES = {"type": "array", "items": {"type": "string"}}
_MEMBER = _object({"file": {"type": "string"}, "index": _COUNT})


def _group_schema(member: dict[str, Any]) -> dict[str, Any]:
    return _object({"size": _COUNT, "members": {"type": "array", "items": member}, "more": _COUNT})


_NEAR_MEMBER = _object(
    {"file": {"type": "string"}, "index": _COUNT, "similarity": {"type": "number"}}
)

REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "newsdump report",
    **_object(
        {
            "format_version": {"const": REPORT_VERSION},
            "paths": _FILES,
            "lenient": {"type": "boolean"},
            "overview": _object(
                {
                    "files": _COUNT,
                    "articles": _COUNT,
                    "bytes": _COUNT,
                    "status": _object(dict.fromkeys(STATUSES, _COUNT)),
                    "verdict": {"type": "string"},
                }
            ),
            "findings": {
                "type": "array",
                "items": _object(
                    {
                        "code": {"type": "string", "pattern": "^[EW][0-9]{3}$"},
                        "name": {"type": "string"},
                        "severity": {"enum": ["error", "warning"]},
                        "summary": {"type": "string"},
                        "count": _COUNT,
                        "files": _COUNT,
                        "examples": {
                            "type": "array",
                            "maxItems": EXAMPLES,
                            "items": _object(
                                {
                                    "file": {"type": "string"},
                                    "lines": {"type": "array", "items": _COUNT},
                                }
                            ),
                        },
                    }
                ),
            },
            "page_types": _object(
                {"counts": _COUNTS, "foreign": _object({"files": _FILES, "more": _COUNT})}
            ),
            "content": _object(
                {
                    "files": _COUNT,
                    "articles_per_file": _COUNTS,
                    "body_length": {
                        "type": "array",
                        "items": _object(
                            {"from": _COUNT, "to": {"type": ["integer", "null"]}, "count": _COUNT}
                        ),
                    },
                    "block_kinds": _COUNTS,
                    "interviews": _object(
                        {
                            "articles": _COUNT,
                            "questions": _COUNT,
                            "questions_per_interview": _COUNTS,
                        }
                    ),
                    "credits": {
                        "type": "array",
                        "maxItems": TOP_CREDITS,
                        "items": _object({"credit": {"type": "string"}, "count": _COUNT}),
                    },
                    "distinct_credits": _COUNT,
                    "captions": _object({"with_credit": _COUNT, "without_credit": _COUNT}),
                }
            ),
            "duplicates": _object(
                {
                    "exact": _object(
                        {
                            "groups": _COUNT,
                            "articles": _COUNT,
                            "largest": {
                                "type": "array",
                                "items": _group_schema(_MEMBER),
                            },
                            "more": _COUNT,
                        }
                    ),
                    "near": {
                        "oneOf": [
                            {"type": "null"},
                            _object(
                                {
                                    "threshold": {"type": "number"},
                                    "groups": _COUNT,
                                    "largest": {
                                        "type": "array",
                                        "items": _group_schema(_NEAR_MEMBER),
                                    },
                                    "more": _COUNT,
                                }
                            ),
                        ]
                    },
                }
            ),
            "dates": _object({"undated": _COUNT, "months": _COUNTS}),
        }
    ),
}
"""The JSON Schema (Draft 2020-12) of the JSON report; ``newsdump schema --report``."""
