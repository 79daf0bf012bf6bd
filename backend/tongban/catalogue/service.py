"""Catalogue operations: find and read matters, create or update them, keep the search index."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, column, func, literal, literal_column, or_, select, table, text
from sqlalchemy.orm import selectinload

from tongban.catalogue import search
from tongban.catalogue.models import CatalogueState, Material, Matter
from tongban.core.errors import NotFound, Problem
from tongban.core.pagination import Page
from tongban.directory import service as directory
from tongban.directory.models import Department
from tongban.extensions import db

MODES = ("online", "proxy_window", "joint")
AUDIENCES = ("person", "enterprise")
SCOPES = ("kstb", "yrd", "citywide", "partner")
GUIDE_KEYS = ("conditions", "legal_basis", "application_methods", "acceptance_mode", "review_procedure",
              "legal_time_limit_days", "visits", "issuing_method", "fee", "form_fields", "consult_phone")


def get_matter(code: str) -> Matter:
    matter = db.session.scalars(
        select(Matter).where(Matter.code == code).options(selectinload(Matter.materials))).first()
    if matter is None:
        raise NotFound(_("No matter has the code %(code)s.", code=code))
    return matter


def name_index() -> dict[str, Matter]:
    """Names and aliases → matter, for resolving list rows that name matters as their source does."""
    index: dict[str, Matter] = {}
    for matter in db.session.scalars(select(Matter)):
        for alias in matter.aliases:
            index.setdefault(alias, matter)
    for matter in db.session.scalars(select(Matter)):
        index[matter.name] = matter  # a real name wins over an alias
    return index


def _filtered(filters: dict[str, Any]) -> Select[Any]:
    stmt = select(Matter).join(Department, Matter.department_id == Department.id)
    for field, col in (("scope", Matter.scope_set), ("mode", Matter.mode_set), ("audience", Matter.audience_set)):
        if filters.get(field):
            stmt = stmt.where(col.contains(f",{filters[field]},"))
    if filters.get("department"):
        stmt = stmt.where(Department.code == filters["department"])
    if filters.get("region"):
        stmt = stmt.where(Department.region_code == filters["region"])
    return stmt


_FTS = table("matter_fts", column("rowid"))
# Must read exactly as the GIN index expression in migration 0001, or PostgreSQL will not use it.
_PG_DOC = "to_tsvector('simple'::regconfig, matters.search_name || ' ' || matters.search_body)"


def _search(stmt: Select[Any], q: str, tokens: list[str]) -> Select[Any]:
    """Restrict to matters whose tokens all match as prefixes, ranked the same way on both databases.

    The rank is portable, not bm25 or ts_rank, so SQLite and PostgreSQL return the same order:
    the name equals / starts with / contains the query, then every token matches in the name
    document (not only in the body), then shorter names, then the code.
    """
    if db.engine.dialect.name == "postgresql":
        stmt = stmt.where(text(f"{_PG_DOC} @@ to_tsquery('simple'::regconfig, :tsq)").bindparams(
            tsq=search.tsquery(tokens)))
        spaced = literal(" ").op("||")(Matter.search_name)
        in_name: Any = and_(*(spaced.contains(" " + t, autoescape=True) for t in tokens))
    else:
        stmt = stmt.join(_FTS, _FTS.c.rowid == Matter.id).where(
            text("matter_fts MATCH :m").bindparams(m=search.fts5_match(tokens)))
        # The same test as the LIKE above (a token of the name document starts with each query token),
        # answered by the FTS index's column filter instead of reading every row's long text.
        in_name = Matter.id.in_(text("SELECT rowid FROM matter_fts WHERE matter_fts MATCH :mn").bindparams(
            mn="{search_name} : (" + search.fts5_match(tokens) + ")").columns(column("rowid")))
    closeness = case((Matter.name == q, 0), (Matter.name.startswith(q, autoescape=True), 1),
                     (Matter.name.contains(q, autoescape=True), 2), (in_name, 3), else_=4)
    return stmt.order_by(closeness, func.length(Matter.name), Matter.code)


def _fts_count(tokens: list[str]) -> int | None:
    """With only a query and no filters, SQLite counts in the FTS index alone (no row reads)."""
    if db.engine.dialect.name != "sqlite":
        return None
    return db.session.scalar(text("SELECT count(*) FROM matter_fts WHERE matter_fts MATCH :m").bindparams(
        m=search.fts5_match(tokens))) or 0


def find_matters(filters: dict[str, Any], page: int, per_page: int) -> Page:
    stmt = _filtered(filters)
    q = (filters.get("q") or "").strip()
    plain = not any(filters.get(f) for f in ("scope", "mode", "audience", "department", "region"))
    if q:
        total = 0
        for tokens in (search.query_tokens(q), search.char_tokens(q)):  # words first, then characters
            if not tokens:
                continue
            searched = _search(stmt, q, tokens)
            fast = _fts_count(tokens) if plain else None
            total = fast if fast is not None else _count(searched)
            if total:
                break
        stmt = searched if total else stmt.where(literal_column("1") == 0)
    else:
        total = _count(stmt)
        stmt = stmt.order_by(Matter.code)
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique().all() if total else []
    return Page(list(rows), page, per_page, total)


def _count(stmt: Select[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def edit_matter(data: dict[str, Any]) -> Matter:
    """An editor creates or updates a matter: allowed within their jurisdiction (policy), audited."""
    from tongban import policy
    from tongban.audit import service as audit

    dept = directory.department_by_code(data["department"])
    if dept is None:
        raise Problem(400, "validation_error", errors={"department": [_("Unknown department.")]})
    existing = db.session.scalars(select(Matter).where(Matter.code == data["code"])).first()
    # Moving a matter needs the right over both the old and the new department's region.
    actor = policy.require("catalogue.edit", region=dept.region_code)
    if existing is not None:
        policy.require("catalogue.edit", region=existing.department.region_code)
    matter = upsert_matter(data)
    audit.record("matter.update" if existing else "matter.create", actor=actor.label, object_type="matter",
                 object_id=matter.code)
    return matter


def upsert_matter(data: dict[str, Any]) -> Matter:
    """Create or update a matter from validated input (schemas.MatterInput)."""
    dept = directory.department_by_code(data["department"])
    if dept is None:
        raise Problem(400, "validation_error", errors={"department": [_("Unknown department.")]})
    matter = db.session.scalars(select(Matter).where(Matter.code == data["code"])).first() or Matter(
        code=data["code"], scope_set="")
    matter.name, matter.summary, matter.department = data["name"], data.get("summary", ""), dept
    matter.aliases, matter.keywords = list(data.get("aliases", [])), list(data.get("keywords", []))
    matter.audience, matter.modes = list(data["audience"]), list(data["modes"])
    matter.time_limit_days, matter.min_assurance = data["time_limit_days"], data["min_assurance"]
    matter.guide = {k: data[k] for k in GUIDE_KEYS if k in data}
    matter.provenance, matter.demo = data.get("provenance", ""), data.get("demo", True)
    matter.materials = [Material(position=i, **m) for i, m in enumerate(data.get("materials", []))]
    db.session.add(matter)
    db.session.flush()
    reindex(matter)
    return matter


def bump_generation() -> None:
    """Every catalogue write calls this in its transaction: search caches drop what they hold."""
    state = db.session.get(CatalogueState, 1)
    if state is None:
        db.session.add(CatalogueState(id=1, generation=1))
    else:
        state.generation += 1
    from tongban.catalogue import cache

    cache.clear()  # this process at once; other workers within cache.GENERATION_TTL


def reindex(matter: Matter) -> None:
    matter.search_name = search.name_document(matter.name, matter.aliases)
    matter.search_body = search.body_document(matter.summary, matter.keywords, matter.department.name)
    bump_generation()
    db.session.flush()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM matter_fts WHERE rowid = :id"), {"id": matter.id})
        db.session.execute(text("INSERT INTO matter_fts(rowid, search_name, search_body) VALUES (:id, :n, :b)"),
                           {"id": matter.id, "n": matter.search_name, "b": matter.search_body})


def set_scopes(scopes_by_code: dict[str, set[str]]) -> None:
    """Store each matter's scopes as derived from the lists' latest versions."""
    for matter in db.session.scalars(select(Matter).where(or_(Matter.code.in_(scopes_by_code),
                                                               Matter.scope_set != ""))):
        matter.scopes = sorted(scopes_by_code.get(matter.code, set()))
