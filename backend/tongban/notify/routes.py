"""My inbox (站内信): what the platform told me about my cases and account."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from tongban.core.apidocs import problems
from tongban.core.tx import transactional
from tongban.identity.schemas import OkSchema
from tongban.notify import service

blp = Blueprint("inbox", __name__, description="My inbox: notices about my cases and account")


class InboxMessageSchema(Schema):
    id = fields.Integer(metadata={"description": "Message id"})
    title = fields.String(metadata={"description": "Title"})
    body = fields.String(metadata={"description": "Text"})
    link = fields.String(metadata={"description": "Where in the app it points, or empty"})
    created_at = fields.DateTime(metadata={"description": "When"})
    read_at = fields.DateTime(allow_none=True, metadata={"description": "When I read it"})


class InboxSchema(Schema):
    items = fields.List(fields.Nested(InboxMessageSchema), metadata={"description": "Newest first (50)"})
    unread = fields.Integer(metadata={"description": "Unread messages"})


@blp.route("/me/inbox")
class Inbox(MethodView):
    @blp.response(200, InboxSchema)
    @problems(blp, 401)
    def get(self) -> dict[str, Any]:
        """Read my inbox."""
        rows, unread = service.inbox()
        return {"items": rows, "unread": unread}


@blp.route("/me/inbox/<int:message_id>/read")
class Read(MethodView):
    @blp.response(200, OkSchema)
    @problems(blp, 401)
    @transactional
    def post(self, message_id: int) -> dict[str, Any]:
        """Mark one of my messages read."""
        service.mark_read(message_id)
        return {"ok": True}
