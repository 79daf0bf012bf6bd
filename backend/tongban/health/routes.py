"""Liveness and readiness: the API answers and the database answers."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

import tongban
from tongban.core import tx
from tongban.core.apidocs import problems
from tongban.core.errors import problem

blp = Blueprint("health", __name__, description="Service health")


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "ok when the service can serve requests"})
    database = fields.String(metadata={"description": "ok when the database answered"})
    version = fields.String(metadata={"description": "The running version"})


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @problems(blp, 503)
    def get(self) -> Any:
        """Check that the API and its database answer."""
        if not tx.database_ok():
            return problem(503, "service_unavailable")
        return {"status": "ok", "database": "ok", "version": tongban.__version__}
