"""The application factory: an ordered list of init steps, each small and named."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask

from tongban.config import REQUEST_MAX_BYTES, Settings, load_settings


def _configure(app: Flask, settings: Settings) -> None:
    app.config["TONGBAN"] = settings
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        MAX_CONTENT_LENGTH=REQUEST_MAX_BYTES,
        JSON_AS_ASCII=False,
        API_TITLE="Tongban 通办 API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "Government services across provinces and across the city "
                                    "(政务服务“跨省通办”“全市通办”). Errors are RFC 9457 problem+json."},
        },
    )
    # Behind nginx the client's address and scheme come from X-Forwarded-*, trusting exactly the
    # configured number of proxy hops (the right-most entries, which the proxies wrote). Without a proxy
    # nothing is trusted, or anyone could pick the address that rate limits count.
    hops = int(settings.extra.get("trusted_proxies", 0))
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    from tongban.core import guards

    guards.init_converters(app)  # before any route: path integers stay within a BIGINT
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]


def _init_db(app: Flask) -> None:
    from tongban import models  # noqa: F401 - every table, before the first query
    from tongban.core import sqlite
    from tongban.extensions import db

    db.init_app(app)
    sqlite.init(app)


def _init_api(app: Flask) -> None:
    from tongban import catalogue, directory, health
    from tongban.cases import modes_routes as case_modes
    from tongban.cases import record_routes as case_records
    from tongban.cases import routes as cases
    from tongban.catalogue import cache as _cache  # noqa: F401 - catalogue.cache below
    from tongban.core import apidocs, guards
    from tongban.extensions import api
    from tongban.feedback import routes as feedback
    from tongban.identity import routes as identity
    from tongban.jobs import routes as jobs
    from tongban.licences import routes as licences
    from tongban.mandates import routes as mandates
    from tongban.notify import routes as notify
    from tongban.payments import routes as payments

    apidocs.init_api(api, app)
    api.register_converter(guards.BoundedIntConverter, guards.int_param_schema)
    api.register_converter(guards.PublicIdConverter, guards.public_id_param_schema)
    from tongban.identity import oidc, oidc_routes

    blueprints = [health.routes.blp, directory.routes.blp, catalogue.routes.blp, catalogue.routes.lists_blp,
                  identity.auth, identity.me, identity.staff, identity.admin, oidc_routes.api, cases.blp, cases.admin,
                  notify.blp, jobs.blp, case_records.blp, feedback.blp, payments.blp, case_modes.blp, mandates.blp,
                  mandates.assist_blp, licences.blp, licences.admin_blp]
    if not app.config["TONGBAN"].is_production:
        blueprints.append(identity.dev)  # the sandbox SMS outbox: never in production
        blueprints.append(payments.sandbox)  # the sandbox payment provider's payer: never in production
    for bp in blueprints:
        api.register_blueprint(bp, url_prefix="/api/v1")
    apidocs.init(app)
    catalogue.cache.init(app)
    oidc.init(app)
    app.register_blueprint(oidc_routes.bp)  # /oauth/* and /.well-known/*: OAuth's own error format


def _init_jobs(app: Flask) -> None:
    from tongban.cases import archive as _archive  # noqa: F401 - case.archive
    from tongban.cases import bundles as _bundles  # noqa: F401 - cases.bundle_uploads.purge
    from tongban.cases import originals as _originals  # noqa: F401 - case.originals
    from tongban.cases import warnings as _warnings  # noqa: F401 - case.flag
    from tongban.jobs import queue
    from tongban.licences import from_cases as _licences  # noqa: F401 - licence.issue
    from tongban.notify import service as _notify  # noqa: F401 - registers the notify.person job handler
    from tongban.payments import service as _payments  # noqa: F401 - payment.refund

    queue.configure(app)


def _init_guards(app: Flask) -> None:
    from tongban.core import guards

    guards.init(app)


def _init_security(app: Flask) -> None:
    from tongban.core import security

    security.init(app)


def _init_sessions(app: Flask) -> None:
    from tongban.identity import sessions

    sessions.init(app)


def _init_errors(app: Flask) -> None:
    from tongban.core import errors

    errors.register(app)


def _init_i18n(app: Flask) -> None:
    from tongban.core import i18n

    i18n.init(app)


def _init_cli(app: Flask) -> None:
    from tongban import cli

    cli.register(app)


def _init_static(app: Flask) -> None:
    from tongban.core import static

    static.init(app)


INIT_STEPS: list[Callable[[Flask], None]] = [
    _init_db,      # before anything that queries
    _init_i18n,    # errors and schemas translate through babel
    _init_security,  # body size settled first; security headers and no-store on every answer
    _init_guards,  # bad characters, deep or huge JSON: refused before any view or parser sees them
    _init_api,
    _init_errors,  # after the api so our handlers replace smorest's JSON errors
    _init_sessions,  # CSRF check before every state change; cookies after
    _init_jobs,    # the queue's storage (SQLite file or Redis) and every job handler
    _init_cli,
    _init_static,  # last: its catch-all route must not shadow the API
]


def create_app(overrides: dict[str, object] | None = None) -> Flask:
    settings = load_settings(overrides)
    app = Flask("tongban")
    logging.basicConfig(level=logging.INFO if settings.env != "test" else logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per migration is enough
    _configure(app, settings)
    for step in INIT_STEPS:
        step(app)
    return app
