"""好差评 endpoints: rate a case or a window visit; supervisors' list of rectifications."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from tongban.core.apidocs import ApiBlueprint, problems
from tongban.core.pagination import Page
from tongban.core.tx import transactional
from tongban.feedback import rectifications, service
from tongban.feedback import schemas as s

blp = ApiBlueprint("feedback", __name__, description="好差评: ratings of cases and window visits, rectifications")


@blp.route("/cases/<number>/rating")
class CaseRating(MethodView):
    @blp.response(200, s.RatingSchema)
    @problems(blp, 401)
    def get(self, number: str) -> dict[str, Any]:
        """Read the rating a case got (404 while it has none)."""
        return service.view(service.case_rating(number))

    @blp.arguments(s.RatingInput)
    @blp.response(201, s.RatingSchema)
    @problems(blp, 401, 403, 409)
    @transactional
    def post(self, data: dict[str, Any], number: str) -> dict[str, Any]:
        """Rate a completed case, once (the applicant; 一事一评); a bad rating opens a rectification."""
        return service.view(service.rate_case(number, data["level"], data["comment"]))


@blp.route("/window-ratings")
class WindowRatings(MethodView):
    @blp.arguments(s.WindowRatingInput)
    @blp.response(201, s.RatingSchema)
    @problems(blp, 404, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Rate a window visit (一次一评; signing in is optional; rate-limited)."""
        return service.view(service.rate_window(data["window"], data["level"], data["comment"]))


@blp.route("/staff/rectifications")
class Rectifications(MethodView):
    @blp.arguments(s.RectificationQuery, location="query")
    @blp.response(200, s.RectificationPageSchema)
    @problems(blp, 401, 403)
    def get(self, args: dict[str, Any]) -> Page:
        """List the bad reviews to put right (整改) in my jurisdiction, nearest due date first (supervisors)."""
        return rectifications.listing(args.get("status"), args["page"], args["per_page"]).map(rectifications.view)
