"""The JSON Schema (Draft 2020-12) of the JSON format, generated from the attrs classes.

Generated, not written by hand, so it cannot drift from the model: each attrs class is a
``$defs`` entry whose properties are its fields, in order, all required (``to_json``
writes every key), none other allowed. ``from_json`` also accepts a document that leaves
out keys with defaults.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

import attrs

from newsdump._blocks import BLOCK_CLASSES
from newsdump._diagnostics import Diagnostic, Edit, Fix
from newsdump._json import FORMAT_VERSION, ArticleRecord, MergedRecord, Place
from newsdump._model import Article, ArticleLayout, Byline, Caption, Document, DocumentLayout

__all__ = ["json_schema"]

_BLOCKS = frozenset(BLOCK_CLASSES.values())
_FINGERPRINT = {
    "type": "string",
    "pattern": "^[0-9a-f]{64}$",
    "description": "Article.fingerprint: SHA-256 of the article's content",
}


def _of_type(type_: Any) -> dict[str, Any]:  # noqa: PLR0911 - one return a kind of type
    """The schema of one field type."""
    origin, args = typing.get_origin(type_), typing.get_args(type_)
    if type_ is str:
        return {"type": "string"}
    if type_ is bool:
        return {"type": "boolean"}
    if type_ is int:
        return {"type": "integer"}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        if frozenset(args) == _BLOCKS:
            return {"$ref": "#/$defs/Block"}
        if len(args) == 2 and type(None) in args:
            inner = _of_type(next(arg for arg in args if arg is not type(None)))
            return (
                {"type": [inner["type"], "null"]}
                if "type" in inner
                else {"anyOf": [inner, {"type": "null"}]}
            )
    if origin is tuple and args[-1] is Ellipsis:
        return {"type": "array", "items": _of_type(args[0])}
    if origin is tuple:
        return {
            "type": "array",
            "prefixItems": [_of_type(arg) for arg in args],
            "minItems": len(args),
            "items": False,
        }
    if attrs.has(type_):
        return {"$ref": f"#/$defs/{type_.__name__}"}
    raise TypeError(f"no JSON Schema for {type_!r}")


def _article_leading() -> dict[str, Any]:
    """The keys written before an article's fields, which its content gives."""
    leading: dict[str, Any] = {"fingerprint": _FINGERPRINT}
    for name in ("page_type", "template"):
        prop = getattr(Article, name)
        returns = typing.get_type_hints(prop.fget)["return"]
        leading[name] = _of_type(returns) | {"description": f"Article.{name}: {_description(prop)}"}
    leading["published"] = {
        "type": ["string", "null"],
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$",
        "description": "Article.published: the date line's date and time, ISO 8601, no time zone",
    }
    return leading


def _description(cls: object) -> str:
    return " ".join((cls.__doc__ or "").split("\n\n")[0].split())


def _of_class(cls: type, *, leading: dict[str, Any] | None = None) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = dict(leading or {})
    for field in attrs.fields(cls):
        properties[field.name] = _of_type(hints[field.name]) | dict(field.metadata)
    return {
        "type": "object",
        "description": _description(cls),
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def json_schema(*, jsonl: bool = False, dedupe: bool = False) -> dict[str, Any]:
    """The JSON Schema of ``to_json``'s output, as a new dict each call; with ``jsonl``,
    that of one line of ``newsdump convert --jsonl``, and with ``dedupe`` too, of one
    line of ``newsdump convert --jsonl --dedupe``."""
    if dedupe and not jsonl:
        raise ValueError("dedupe=True describes JSON Lines: give jsonl=True as well")
    classes = (
        Caption,
        Byline,
        ArticleLayout,
        DocumentLayout,
        Diagnostic,
        Fix,
        Edit,
        *((Place,) if dedupe else ()),
    )
    definitions = {cls.__name__: _of_class(cls) for cls in classes}
    definitions["Article"] = _of_class(Article, leading=_article_leading())
    for kind, cls in BLOCK_CLASSES.items():
        definitions[cls.__name__] = _of_class(cls, leading={"kind": {"const": kind}})
    definitions["Block"] = {
        "oneOf": [{"$ref": f"#/$defs/{cls.__name__}"} for cls in BLOCK_CLASSES.values()]
    }
    leading: dict[str, Any] = {"format_version": {"const": FORMAT_VERSION}}
    top: type
    if dedupe:
        top, title = MergedRecord, "newsdump JSON Lines record of distinct articles"
        leading["fingerprint"] = _FINGERPRINT
    elif jsonl:
        top, title = ArticleRecord, "newsdump JSON Lines record"
    else:
        top, title = Document, "newsdump document"
    root = _of_class(top, leading=leading)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{title}, format version {FORMAT_VERSION}",
        **root,
        "$defs": definitions,
    }
