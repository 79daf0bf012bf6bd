"""Request fields stricter than marshmallow's defaults, for every *Input schema.

marshmallow's Boolean takes 0, 1, "yes" and "on" as booleans and its Integer takes "12" and numbers
of any size; a JSON API should take only what it documents (true/false; integers in range), so a
client's bug is reported instead of guessed at.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

MAX_ID = 2**31 - 1  # every id column is an INTEGER


class StrictBoolean(fields.Boolean):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def Id(**kwargs: Any) -> fields.Integer:  # noqa: N802 - reads like a field class
    """A database id: a JSON integer from 1 to INTEGER's maximum."""
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)
