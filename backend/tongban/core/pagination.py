"""Page-number pagination with a hard maximum page size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

MAX_PER_PAGE = 100


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000,
                          error=_l("Page must be between {min} and {max}.")),
                          metadata={"description": "Page number, from 1"})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE,
                              error=_l("Page size must be between {min} and {max}.")),
                              metadata={"description": f"Items per page, at most {MAX_PER_PAGE}"})


class PageSchema(Schema):
    page = fields.Integer(metadata={"description": "This page's number"})
    per_page = fields.Integer(metadata={"description": "Items per page"})
    total = fields.Integer(metadata={"description": "Items in all pages"})
    pages = fields.Integer(metadata={"description": "Number of pages"})


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    def map(self, view: Callable[[Any], Any]) -> Page:
        """The same page with each item shaped for the answer."""
        return Page([view(i) for i in self.items], self.page, self.per_page, self.total)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))
