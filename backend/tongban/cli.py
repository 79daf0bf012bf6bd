"""The `tongban` command: Flask's CLI with our commands (db, demo, catalogue, openapi)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from tongban.extensions import db


@click.group()
def db_cli() -> None:
    """Database schema (Alembic migrations)."""


@db_cli.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Migrate the database to the newest schema."""
    from tongban.core import migrate

    migrate.upgrade()
    click.echo("database at " + (migrate.current() or "base"))


@click.group()
def demo_cli() -> None:
    """Demo data (labelled demo wherever it shows)."""


@demo_cli.command("load")
@with_appcontext
def demo_load() -> None:
    """Load reference and demo data; running it again changes nothing."""
    from tongban.demo import loader

    counts = loader.load_all()
    db.session.commit()
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@click.group()
def catalogue_cli() -> None:
    """Edit matters and publish list versions."""


def _fail(exc: Exception) -> None:
    from tongban.core.errors import Problem

    db.session.rollback()
    if isinstance(exc, Problem):
        lines = [exc.detail or exc.code] + [f"  {k}: {'; '.join(v)}" for k, v in (exc.errors or {}).items()]
        raise click.ClickException("\n".join(lines)) from exc
    raise exc


@catalogue_cli.command("upsert-matter")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def upsert_matter(path: Path) -> None:
    """Create or update matters from a JSON file (one object or a list)."""
    from marshmallow import ValidationError

    from tongban.catalogue import schemas, service

    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        for item in data if isinstance(data, list) else [data]:
            service.upsert_matter(schemas.MatterInput().load(item))
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        raise click.ClickException(json.dumps(exc.messages, ensure_ascii=False)) from exc
    except Exception as exc:  # noqa: BLE001 - reported, then re-raised as a CLI error
        _fail(exc)
    click.echo("ok")


@catalogue_cli.command("import-list")
@click.argument("code")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--note", required=True, help="What this version changes")
@click.option("--published-at", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"]), default=None)
@click.option("--provenance", default="", help="Where the list comes from")
@with_appcontext
def import_list(code: str, path: Path, note: str, published_at: datetime | None, provenance: str) -> None:
    """Publish a list's next version from a CSV file (all rows or none)."""
    from tongban.catalogue import csvio

    try:
        version = csvio.import_version(code, path.read_bytes(), note, published_at=published_at,
                                       provenance=provenance)
        db.session.commit()
    except Exception as exc:  # noqa: BLE001
        _fail(exc)
        return
    click.echo(f"{code} version {version.number}: {len(version.items)} items, {len(version.changes)} changes")


@catalogue_cli.command("export-list")
@click.argument("code")
@click.option("--version", "number", type=int, default=None, help="Version number (default: latest)")
@with_appcontext
def export_list(code: str, number: int | None) -> None:
    """Write a list version as CSV to standard output."""
    from tongban.catalogue import csvio, lists

    mlist = lists.get_list(code)
    version = lists.get_version(code, number) if number else lists.latest(mlist)
    if version is None:
        raise click.ClickException("no versions")
    click.echo(csvio.export_version(version), nl=False)


@click.group()
def audit_cli() -> None:
    """The hash-chained audit log."""


@audit_cli.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Check the whole chain; name the first broken entry (exit 1) or say ok."""
    from tongban.audit import service as audit

    verdict = audit.verify()
    if verdict.ok:
        click.echo(f"ok: {verdict.checked} entries verified")
        return
    click.echo(f"BROKEN at entry {verdict.first_broken}: {verdict.reason} ({verdict.checked} entries before it ok)")
    raise SystemExit(1)


@click.group()
def oauth_cli() -> None:
    """Single sign-on clients (department systems)."""


@oauth_cli.command("create-client")
@click.option("--name", required=True)
@click.option("--redirect-uri", "redirect_uris", multiple=True)
@click.option("--scope", default="openid profile loa")
@click.option("--grant", "grant_types", multiple=True, default=("authorization_code", "refresh_token"))
@click.option("--public", is_flag=True, help="No secret (PKCE only)")
@click.option("--auth-method", type=click.Choice(["client_secret_basic", "client_secret_post", "none"]),
              help="How the client authenticates at the token endpoint (default client_secret_basic; none if public)")
@with_appcontext
def create_client(name: str, redirect_uris: tuple[str, ...], scope: str, grant_types: tuple[str, ...],
                  public: bool, auth_method: str | None) -> None:
    """Register a client; prints its id and (once) its secret."""
    from tongban.identity import oauth_service

    try:
        client, secret = oauth_service.create_client(name, list(redirect_uris), scope, list(grant_types),
                                                     public=public, actor="cli", auth_method=auth_method)
        db.session.commit()
    except Exception as exc:  # noqa: BLE001
        _fail(exc)
        return
    click.echo(f"client_id: {client.client_id}")
    click.echo(f"token_endpoint_auth_method: {client.auth_method}")
    if secret:
        click.echo(f"client_secret: {secret}   (shown once; only its hash is stored)")


@click.command("worker")
@click.option("--once", is_flag=True, help="One housekeeping cycle and one relay of due jobs, then exit")
@with_appcontext
def worker(once: bool) -> None:
    """Run the job worker: background jobs (huey consumer), the relay, housekeeping every minute."""
    from tongban import worker as w

    w.run_forever(once=once)


@click.command("openapi")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def openapi(path: Path) -> None:
    """Write the OpenAPI document to PATH."""
    from tongban.extensions import api

    path.write_text(json.dumps(api.spec.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")
    click.echo(f"wrote {path}")


def register(app: Flask) -> None:
    app.cli.add_command(db_cli, "db")
    app.cli.add_command(demo_cli, "demo")
    app.cli.add_command(catalogue_cli, "catalogue")
    app.cli.add_command(openapi)
    app.cli.add_command(worker)
    app.cli.add_command(audit_cli, "audit")
    app.cli.add_command(oauth_cli, "oauth")


def main() -> None:
    from tongban import create_app

    FlaskGroup(create_app=lambda: create_app(), add_default_commands=True, load_dotenv=False)(prog_name="tongban")

