"""Directory endpoints: parse, call the service, respond."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tongban.directory import schemas as s
from tongban.directory import service

blp = Blueprint("directory", __name__, description="Regions, departments, service centres and agency points")


@blp.route("/regions")
class Regions(MethodView):
    @blp.response(200, s.items_of(s.RegionSchema))
    def get(self) -> dict[str, Any]:
        """List the regions the platform serves."""
        return {"items": service.list_regions()}


@blp.route("/departments")
class Departments(MethodView):
    @blp.arguments(s.RegionArgs, location="query")
    @blp.response(200, s.items_of(s.DepartmentSchema))
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List departments, optionally in one region."""
        return {"items": service.list_departments(args.get("region"))}


@blp.route("/centres")
class Centres(MethodView):
    @blp.arguments(s.RegionArgs, location="query")
    @blp.response(200, s.items_of(s.CentreSchema))
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List service centres with their windows."""
        return {"items": service.list_centres(args.get("region"))}


@blp.route("/agency-points")
class AgencyPoints(MethodView):
    @blp.arguments(s.RegionArgs, location="query")
    @blp.response(200, s.items_of(s.AgencyPointSchema))
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List agency points (代收代办点) in villages and parks."""
        return {"items": service.list_agency_points(args.get("region"))}
