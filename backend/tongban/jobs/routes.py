"""Administrators see the job ledger (failed jobs first of all) and send a failed job round again."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from tongban.core.apidocs import problems
from tongban.core.pagination import Page, PageArgs, PageSchema
from tongban.core.tx import transactional
from tongban.jobs import service
from tongban.jobs.models import STATES

blp = Blueprint("jobs", __name__, description="Administration: background jobs and failed jobs")


class JobArgs(PageArgs):
    state = fields.String(validate=validate.OneOf(STATES), metadata={"description": "Only jobs in this state"})


class JobSchema(Schema):
    id = fields.Integer(metadata={"description": "Job id"})
    kind = fields.String(metadata={"description": "What it does"})
    state = fields.String(metadata={"description": "pending, running, done or failed"})
    attempts = fields.Integer(metadata={"description": "Runs so far"})
    max_attempts = fields.Integer(metadata={"description": "Runs before it counts as failed"})
    run_at = fields.DateTime(metadata={"description": "Due at"})
    created_at = fields.DateTime(metadata={"description": "Enqueued at"})
    finished_at = fields.DateTime(allow_none=True, metadata={"description": "Done or failed at"})
    last_error = fields.String(metadata={"description": "The last failure (last lines of the traceback)"})


class JobPageSchema(PageSchema):
    items = fields.List(fields.Nested(JobSchema), metadata={"description": "Newest first"})


@blp.route("/admin/jobs")
class Jobs(MethodView):
    @blp.arguments(JobArgs, location="query")
    @blp.response(200, JobPageSchema)
    @problems(blp, 401, 403)
    def get(self, args: dict[str, Any]) -> Page:
        """List background jobs (state=failed: the failed-jobs view)."""
        rows, total = service.listing(args.get("state"), args["page"], args["per_page"])
        return Page(rows, args["page"], args["per_page"], total)


@blp.route("/admin/jobs/<int:job_id>/retry")
class Retry(MethodView):
    @blp.response(200, JobSchema)
    @problems(blp, 401, 409)
    @transactional
    def post(self, job_id: int) -> Any:
        """Send a failed job round again."""
        return service.retry(job_id)
