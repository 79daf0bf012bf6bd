"""A self-hosted API explorer at /api/v1/docs (Swagger UI from the swagger-ui-bundle wheel; no CDN).

The page has no inline script so it runs under the same strict CSP as the PWA.
"""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin
from flask import Blueprint, Flask, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tongban API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/v1/docs/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/v1/docs/static/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/init.js"></script></body></html>"""

INIT_JS = """window.ui = SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#swagger-ui",
  deepLinking: true, presets: [SwaggerUIBundle.presets.apis]});"""

bp = Blueprint("apidocs", __name__)


@bp.get("/api/v1/docs")
def page() -> Response:
    """The API explorer."""
    return Response(PAGE, mimetype="text/html")


@bp.get("/api/v1/docs/init.js")
def init_js() -> Response:
    """The explorer's start-up script."""
    return Response(INIT_JS, mimetype="text/javascript")


@bp.get("/api/v1/docs/static/<path:name>")
def static(name: str) -> Response:
    """Swagger UI's own files."""
    return send_from_directory(swagger_ui_path, name, max_age=86400)


def init(app: Flask) -> None:
    app.register_blueprint(bp)


class ResponseFieldsRequired(BasePlugin):
    """Every component schema here is a response, and responses carry every field (null where empty).

    Saying so lets the PWA's generated TypeScript types be exact instead of all-optional.
    Request bodies, when they come, will be named *Input and keep marshmallow's own `required`.
    """

    def schema_helper(self, name: str, definition: dict[str, Any], **kwargs: Any) -> dict[str, Any] | None:
        props = definition.get("properties")
        if not props or name.endswith("Input"):
            return None
        return {"required": sorted(props)}
