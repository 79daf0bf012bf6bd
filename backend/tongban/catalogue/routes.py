"""Catalogue endpoints: matters and their guides, lists and their versions."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError

from tongban.catalogue import cache, csvio, lists, service, views
from tongban.catalogue import schemas as s
from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.tx import transactional
from tongban.directory.schemas import items_of

blp = Blueprint("matters", __name__, description="Matters (政务服务事项) and their service guides")
lists_blp = ApiBlueprint("lists", __name__, description="Lists of matters (清单) and their versions")
MATTER_QUERY = s.MatterQuery()  # one instance: webargs would build one per request


@blp.route("/matters")
class Matters(MethodView):
    @blp.arguments(s.MatterInput)
    @blp.response(200, s.MatterSchema)
    @problems(blp, 401)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create or update a matter (supervisors in their jurisdiction, admins)."""
        matter = service.edit_matter(data)
        return views.matter_detail(matter)

    @blp.arguments(MATTER_QUERY, location="query")
    @blp.response(200, s.MatterPageSchema)
    def get(self, args: dict[str, Any]) -> Response:
        """Find matters by words, pinyin or initials, and by scope, mode, audience, department or region."""
        return Response(_search_answer(args), mimetype="application/json")


def _search_answer(args: dict[str, Any]) -> bytes:
    """The search's body: from the answer cache, or searched (service.answer) and kept there."""
    k = cache.key(args) if cache.enabled() else None
    body = cache.get(k) if k else None
    if body is None:
        body = service.answer(args)
        if k:
            cache.put(k, body)
            cache.put(cache.raw_key(), body)
    return body


def answer_search_early() -> Response | None:
    """GET /matters answered before the view (a before_request hook, cache.init): from the answer cache
    by the raw arguments, or, when every argument is given once and the schema takes them all, searched
    here without webargs and smorest around it (a third of a search's cost once the search itself is
    cheap). Anything else goes on to the view, which answers it or refuses it with the field named."""
    if request.method != "GET" or request.path != cache.SEARCH_PATH:
        return None
    if cache.enabled():
        body = cache.get(cache.raw_key())
        if body is not None:
            return Response(body, mimetype="application/json")
    pairs = list(request.args.items(multi=True))
    given = {k: v for k, v in pairs if k in MATTER_QUERY.fields}  # others are left out, as webargs does
    if len(given) != sum(1 for k, _ in pairs if k in MATTER_QUERY.fields):
        return None  # a repeated argument: the view decides which value counts
    try:
        args = MATTER_QUERY.load(given)
    except ValidationError:
        return None
    return Response(_search_answer(args), mimetype="application/json")


@blp.route("/matters/<code>")
class MatterDetail(MethodView):
    @blp.response(200, s.MatterSchema)
    def get(self, code: str) -> dict[str, Any]:
        """Read a matter's full service guide."""
        return views.matter_detail(service.get_matter(code))


@lists_blp.route("/lists")
class Lists(MethodView):
    @lists_blp.response(200, items_of(s.ListSchema))
    def get(self) -> dict[str, Any]:
        """List the published lists with their current versions."""
        return {"items": [views.list_summary(m) for m in lists.all_lists()]}


@lists_blp.route("/lists/<code>/versions")
class Versions(MethodView):
    @lists_blp.arguments(s.PublishInput)
    @lists_blp.response(201, s.VersionSchema)
    @problems(lists_blp, 401, 409)
    @transactional
    def post(self, data: dict[str, Any], code: str) -> dict[str, Any]:
        """Publish the next version of a list (the whole list, as JSON)."""
        version = lists.publish_as_editor(code, data["items"], data["note"])
        return views.version_detail(version)

    @lists_blp.response(200, items_of(s.VersionSummarySchema))
    def get(self, code: str) -> dict[str, Any]:
        """List a list's versions, newest first, with counts of changes."""
        mlist = lists.get_list(code)
        return {"items": [views.version_summary(v) for v in reversed(mlist.versions)]}


@lists_blp.route("/lists/<code>/versions/import")
class VersionImport(MethodView):
    @lists_blp.arguments(s.ImportInput, location="multipart")
    @lists_blp.response(201, s.VersionSchema)
    @problems(lists_blp, 401, 409)
    @transactional
    def post(self, data: dict[str, Any], code: str) -> dict[str, Any]:
        """Publish the next version of a list from an uploaded CSV (all rows or none)."""
        version = lists.publish_as_editor(code, [], data["note"], csv_data=data["file"].read(csvio.MAX_BYTES + 1))
        return views.version_detail(version)


@lists_blp.route("/lists/<code>/versions/<int:number>")
class Version(MethodView):
    @lists_blp.response(200, s.VersionSchema)
    def get(self, code: str, number: int) -> dict[str, Any]:
        """Read one version of a list: its items and its dated changes."""
        return views.version_detail(lists.get_version(code, number))


@lists_blp.route("/lists/<code>/versions/<int:number>/export.csv")
class VersionExport(MethodView):
    @lists_blp.response(200, content_type="text/csv")
    def get(self, code: str, number: int) -> Response:
        """Export one version of a list as CSV."""
        version = lists.get_version(code, number)
        return Response(csvio.export_version(version), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{code}-v{number}.csv"'})
