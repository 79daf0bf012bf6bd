"""The API contract of 好差评 and rectifications."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from tongban.core.pagination import PageArgs, PageSchema
from tongban.feedback.service import LEVELS

LEVEL_HELP = ("very_satisfied (非常满意), satisfied (满意), basically_satisfied (基本满意), dissatisfied (不满意) "
              "or very_dissatisfied (非常不满意)")


class RatingInput(Schema):
    level = fields.String(required=True, validate=validate.OneOf(tuple(LEVELS)), metadata={"description": LEVEL_HELP})
    comment = fields.String(load_default="", validate=validate.Length(max=500, error=_l("At most {max} characters.")),
                            metadata={"description": "What went well or wrong (optional)"})


class WindowRatingInput(RatingInput):
    window = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9-]{1,39}$"),
                           metadata={"description": "The window's code, as on the window's QR or sign"})


class RatingSchema(Schema):
    level = fields.String(metadata={"description": LEVEL_HELP})
    level_label = fields.String(metadata={"description": "The level, in the request's language"})
    score = fields.Integer(metadata={"description": "5 (very satisfied) … 1 (very dissatisfied)"})
    comment = fields.String(metadata={"description": "The comment"})
    created_at = fields.DateTime(metadata={"description": "When"})
    rectification = fields.Boolean(metadata={"description": "true: a bad review, followed up (整改)"})


class RectificationQuery(PageArgs):
    status = fields.String(validate=validate.OneOf(("open", "closed")),
                           metadata={"description": "Only open or closed ones (default: all)"})


class RectificationSchema(Schema):
    id = fields.Integer(metadata={"description": "Id"})
    source = fields.String(metadata={"description": "case or window"})
    case = fields.String(allow_none=True, metadata={"description": "The case rated, for a case"})
    unit_code = fields.String(metadata={"description": "The department or window responsible"})
    unit_name = fields.String(metadata={"description": "Its name"})
    region = fields.String(metadata={"description": "Its region (GB/T 2260)"})
    level = fields.String(metadata={"description": "dissatisfied or very_dissatisfied"})
    level_label = fields.String(metadata={"description": "The level, in the request's language"})
    comment = fields.String(metadata={"description": "What the person wrote"})
    status = fields.String(metadata={"description": "open or closed"})
    due_date = fields.Date(metadata={"description": "To be put right by (working days)"})
    created_at = fields.DateTime(metadata={"description": "When the review came"})


class RectificationPageSchema(PageSchema):
    items = fields.List(fields.Nested(RectificationSchema), metadata={"description": "Rectifications on this page"})
