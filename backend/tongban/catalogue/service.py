"""Catalogue operations: find and read matters, create or update them, keep the search index."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import selectinload

from tongban.catalogue import index, search
from tongban.catalogue.models import CatalogueState, Material, Matter
from tongban.core.errors import NotFound, Problem
from tongban.core.pagination import Page
from tongban.directory import service as directory
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


# --- search ---------------------------------------------------------------------------------------
# A search is answered from the worker's in-memory index (catalogue/index.py) when it is current;
# the SQL below is the reference it is held equal to (tests/api/test_search_index.py), and answers
# while an index is being built or waits for its next rebuild.
# The list answer is read with plain SQL over narrow per-matter search rows, not ORM objects dumped
# through marshmallow: a broad query (医保 on 20,000 matters: 4,200 hits) ranks thousands of rows,
# and with the answer cache off that is every request. One statement ranks, pages and reads the
# page's summaries; PostgreSQL counts in it too (a window count over rows it reads anyway), SQLite
# first counts in its FTS index alone. The rank is portable, not bm25 or ts_rank, so SQLite and
# PostgreSQL return the same order (tests/api/search_golden.json): closeness of the folded name or
# English name to the folded query (equals / starts with / contains), then every token in the name
# document, then shorter names, then the code in byte order (COLLATE "C" on PostgreSQL).
#   SQLite:     matter_fts (FTS5, rowid = matter id) joined to matter_fts_rank (narrow rows);
#   PostgreSQL: matter_fts, the same columns with GIN-indexed tsvectors (migration 0012).

_FILTER_SQL = {"scope": "r.scope_set LIKE :scope", "mode": "r.mode_set LIKE :mode",
               "audience": "r.audience_set LIKE :audience", "department": "d.code = :department",
               "region": "d.region_code = :region"}
# Most matches contain the query nowhere in their names, so that is asked first; equal and starts
# with (position 1) only for those that do.
_SQLITE_CLOSENESS = (
    "CASE WHEN instr(r.name_key, :q) = 0 AND instr(r.en_key, :q) = 0 THEN "
    "(CASE WHEN r.id IN (SELECT rowid FROM matter_fts WHERE matter_fts MATCH :mn) THEN 3 ELSE 4 END) "
    "WHEN r.name_key = :q OR r.en_key = :q THEN 0 WHEN instr(r.name_key, :q) = 1 OR instr(r.en_key, :q) = 1 THEN 1 "
    "ELSE 2 END")
_PG_TSQ = "to_tsquery('simple'::regconfig, :tsq)"
_PG_CLOSENESS = (
    "CASE WHEN strpos(r.name_key, :q) = 0 AND strpos(r.en_key, :q) = 0 THEN "
    f"(CASE WHEN r.id IN (SELECT id FROM matter_fts WHERE name_doc @@ {_PG_TSQ}) THEN 3 ELSE 4 END) "
    "WHEN r.name_key = :q OR r.en_key = :q THEN 0 WHEN strpos(r.name_key, :q) = 1 OR strpos(r.en_key, :q) = 1 THEN 1 "
    "ELSE 2 END")
_SUMMARY_COLUMNS = ("m.code, m.name, m.summary, m.audience_set, m.mode_set, m.scope_set, m.time_limit_days, "
                    "m.min_assurance, m.demo, d.code, d.name, d.region_code, d.demo")


def _matches(dialect: str, filters: tuple[str, ...], narrow: bool = True) -> str:
    """FROM … WHERE for the matches; narrow=False lets SQLite count in the FTS index alone."""
    where = "".join(f" AND {_FILTER_SQL[f]}" for f in filters)
    join = " JOIN departments d ON d.id = r.department_id" if {"department", "region"} & set(filters) else ""
    if dialect == "postgresql":
        return f"FROM matter_fts r{join} WHERE r.doc @@ {_PG_TSQ}{where}"
    if not (narrow or filters):
        return "FROM matter_fts WHERE matter_fts MATCH :m"
    return f"FROM matter_fts JOIN matter_fts_rank r ON r.id = matter_fts.rowid{join} WHERE matter_fts MATCH :m{where}"


@lru_cache(maxsize=128)
def _count_sql(dialect: str, filters: tuple[str, ...]) -> str:
    return _native(dialect, f"SELECT count(*) {_matches(dialect, filters, narrow=False)}")


@lru_cache(maxsize=128)
def _page_sql(dialect: str, filters: tuple[str, ...]) -> str:
    """Rank the matches and read the page's summaries, in one statement. PostgreSQL also counts
    them there (a window count over rows it has read anyway); SQLite counts in its FTS index, which
    is cheaper than its window functions."""
    if dialect == "postgresql":
        ranked = (f'SELECT r.id, {_PG_CLOSENESS} AS closeness, r.name_len, r.code COLLATE "C" AS sort_code, '
                  "count(*) OVER () AS total")
    else:
        ranked = f"SELECT r.id, {_SQLITE_CLOSENESS} AS closeness, r.name_len, r.code AS sort_code, 0 AS total"
    return _native(dialect, f"SELECT p.total, {_SUMMARY_COLUMNS} FROM ({ranked} {_matches(dialect, filters)} "
                   "ORDER BY closeness, r.name_len, sort_code LIMIT :limit OFFSET :offset) p "
                   "JOIN matters m ON m.id = p.id JOIN departments d ON d.id = m.department_id "
                   "ORDER BY p.closeness, p.name_len, p.sort_code")


@lru_cache(maxsize=128)
def _listing_sql(dialect: str, filters: tuple[str, ...]) -> tuple[str, str]:
    """Without a query: every matter that passes the filters, by code (the narrow rows filter)."""
    where = " WHERE 1 = 1" + "".join(f" AND {_FILTER_SQL[f]}" for f in filters)
    table = "matter_fts" if dialect == "postgresql" else "matter_fts_rank"
    order = 'm.code COLLATE "C"' if dialect == "postgresql" else "m.code"
    source = (f"FROM {table} r JOIN matters m ON m.id = r.id JOIN departments d ON d.id = m.department_id{where}")
    return (_native(dialect, f"SELECT 0, {_SUMMARY_COLUMNS} {source} ORDER BY {order} LIMIT :limit OFFSET :offset"),
            _native(dialect, f"SELECT count(*) {source}"))


_PARAM = re.compile(r"(?<![:\w]):(\w+)")


def _native(dialect: str, sql: str) -> str:
    """The statement in the driver's own parameter style (psycopg: %(name)s; sqlite3 takes :name)."""
    return _PARAM.sub(r"%(\1)s", sql) if dialect == "postgresql" else sql


def _rows(sql: str, params: dict[str, Any]) -> list[Any]:
    """Run a search statement on the session's DB-API connection, in its transaction. SQLAlchemy's
    result machinery (column metadata for text() statements) cost more than the query itself.
    Driver errors are raised as SQLAlchemy's, so the app's error handlers treat them alike."""
    dbapi_error = db.engine.dialect.loaded_dbapi.Error
    cursor = db.session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    except dbapi_error as exc:
        raise DBAPIError.instance(sql, params, exc, dbapi_error) from exc
    finally:
        cursor.close()


def _split(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def _summary(row: Any) -> dict[str, Any]:
    """A matter as MatterSummarySchema dumps it (tests/api/test_search_variants.py holds the two equal)."""
    (_, code, name, summary, audience, modes, scopes, limit, assurance, demo,
     dept_code, dept_name, region, dept_demo) = row
    return {"code": code, "name": name, "summary": summary,
            "department": {"code": dept_code, "name": dept_name, "region_code": region, "demo": bool(dept_demo)},
            "audience": _split(audience), "modes": _split(modes), "scopes": _split(scopes),
            "time_limit_days": limit, "min_assurance": assurance, "demo": bool(demo)}


def find_matters(filters: dict[str, Any], page: int, per_page: int) -> Page:
    """A page of matter summaries (dicts, in MatterSummarySchema's shape) and the total."""
    dialect = db.engine.dialect.name
    used = tuple(f for f in _FILTER_SQL if filters.get(f))
    # Sets are stored as ",a,b," (models._join); the values were validated against fixed choices.
    params: dict[str, Any] = {f: f"%,{filters[f]},%" if f in ("scope", "mode", "audience") else filters[f]
                              for f in used}
    params.update(limit=per_page, offset=(page - 1) * per_page)
    q = (filters.get("q") or "").strip()
    if not q:
        listing, counting = _listing_sql(dialect, used)
        rows = _rows(listing, params)
        total = _rows(counting, params)[0][0] if rows or page > 1 else 0
        return Page([_summary(r) for r in rows], page, per_page, total)
    params["q"] = search.fold(q)
    for tokens in (search.query_tokens(q), search.char_tokens(q)):  # words first, then characters
        if not tokens:
            continue
        if dialect == "postgresql":
            params["tsq"] = search.tsquery(tokens)
        else:
            params["m"] = search.fts5_match(tokens)
            params["mn"] = "{search_name} : (" + params["m"] + ")"
        if dialect == "postgresql":  # ranks and counts in one statement; counts alone past the last page
            rows = _rows(_page_sql(dialect, used), params)
            total = rows[0][0] if rows else _rows(_count_sql(dialect, used), params)[0][0]
        else:  # counts in the FTS index first: nothing is ranked for a query that finds nothing
            total = _rows(_count_sql(dialect, used), params)[0][0]
            rows = _rows(_page_sql(dialect, used), params) if params["offset"] < total else []
        if total:
            return Page([_summary(r) for r in rows], page, per_page, total)
    return Page([], page, per_page, 0)


def answer(args: dict[str, Any]) -> bytes:
    """GET /matters' body (MatterPageSchema's shape, as JSON): searched in the worker's index when it is
    current (catalogue/index.py), else with SQL (find_matters); a listing without a query is SQL."""
    page, per_page = args["page"], args["per_page"]
    q = (args.get("q") or "").strip()
    found = search_index() if q else None
    if found is not None:
        total, items = found.search(q, args, (page - 1) * per_page, per_page)
    else:
        result = find_matters(args, page, per_page)
        total, items = result.total, [_json(item) for item in result.items]
    return b'{"items":[%b],"page":%d,"per_page":%d,"total":%d,"pages":%d}' % (
        b",".join(items), page, per_page, total, max(1, -(-total // per_page)))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would build one per call


def _json(value: Any) -> bytes:
    return _ENCODER.encode(value).encode()


def search_index() -> index.Index | None:
    """The worker's search index when it is at the catalogue's generation (None: search with SQL)."""
    if not index.enabled():
        return None
    from tongban.catalogue import cache

    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def rebuild(generation: int) -> index.Index:
        with app.app_context():  # its own session: the rebuild may run in a thread of its own
            try:
                return index.build(generation, index_rows())
            finally:
                db.session.remove()

    return index.current(cache.generation(), rebuild, background=not app.testing)


@lru_cache(maxsize=4)
def _index_sql(dialect: str) -> str:
    """Every matter in rank order within a closeness class, exactly as _page_sql orders its ties."""
    table, code = ("matter_fts", 'r.code COLLATE "C"') if dialect == "postgresql" else ("matter_fts_rank", "r.code")
    return (f"SELECT r.name_len, r.code, r.name_key, r.en_key, r.audience_set, r.mode_set, r.scope_set, "
            f"m.search_name, m.search_body, 0, {_SUMMARY_COLUMNS} FROM {table} r JOIN matters m ON m.id = r.id "
            f"JOIN departments d ON d.id = m.department_id ORDER BY r.name_len, {code}")


def index_rows() -> Iterator[index.Row]:
    """Every matter as the search index holds it, in rank order: the narrow search row's rank and
    filter columns (what the SQL search reads), the token documents and the summary as JSON."""
    cursor = db.session.connection().connection.cursor()
    try:
        cursor.execute(_index_sql(db.engine.dialect.name))
        while rows := cursor.fetchmany(500):  # a few at a time: the token documents are not all held at once
            yield from map(_index_row, rows)
    finally:
        cursor.close()


def _index_row(row: Any) -> index.Row:
    name_len, code, name_key, en_key, audience, modes, scopes, doc_name, doc_body = row[:9]
    summary = row[9:]
    facets = [("scope", v) for v in _split(scopes)] + [("mode", v) for v in _split(modes)]
    facets += [("audience", v) for v in _split(audience)]
    facets += [("department", summary[10]), ("region", summary[12])]
    return index.Row(name_len, code, name_key, en_key, doc_name or "", doc_body or "", tuple(facets),
                     _json(_summary(summary)))


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
    if "name_en" in data or not matter.name_en:  # kept when an edit leaves it out (translations come apart)
        matter.name_en = data.get("name_en", "")
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
    matter.search_name = search.name_document(matter.name, matter.aliases, matter.name_en)
    matter.search_body = search.body_document(matter.summary, matter.keywords, matter.department.name)
    bump_generation()
    db.session.flush()
    values = {"id": matter.id, "n": matter.search_name, "b": matter.search_body, "len": len(matter.name),
              "code": matter.code, "nk": search.fold(matter.name), "ek": search.fold(matter.name_en),
              "dept": matter.department_id, "aud": matter.audience_set, "modes": matter.mode_set,
              "scopes": matter.scope_set}
    rank = ("id, name_len, code, name_key, en_key, department_id, audience_set, mode_set, scope_set",
            ":id, :len, :code, :nk, :ek, :dept, :aud, :modes, :scopes")
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM matter_fts WHERE rowid = :id"), values)
        db.session.execute(text("INSERT INTO matter_fts(rowid, search_name, search_body) VALUES (:id, :n, :b)"),
                           values)
        db.session.execute(text("DELETE FROM matter_fts_rank WHERE id = :id"), values)
        db.session.execute(text(f"INSERT INTO matter_fts_rank ({rank[0]}) VALUES ({rank[1]})"), values)
    else:
        db.session.execute(text("DELETE FROM matter_fts WHERE id = :id"), values)
        db.session.execute(text(
            f"INSERT INTO matter_fts ({rank[0]}, doc, name_doc) VALUES ({rank[1]}, "
            "to_tsvector('simple'::regconfig, :n || ' ' || :b), to_tsvector('simple'::regconfig, :n))"), values)


def set_scopes(scopes_by_code: dict[str, set[str]]) -> None:
    """Store each matter's scopes as derived from the lists' latest versions."""
    for matter in db.session.scalars(select(Matter).where(or_(Matter.code.in_(scopes_by_code),
                                                               Matter.scope_set != ""))):
        set_matter_scopes(matter, scopes_by_code.get(matter.code, set()))


def set_matter_scopes(matter: Matter, scopes: set[str] | list[str]) -> None:
    """One matter's scopes, on the matter and on its search row (the scope filter reads that)."""
    matter.scopes = sorted(scopes)
    table = "matter_fts_rank" if db.engine.dialect.name == "sqlite" else "matter_fts"
    db.session.execute(text(f"UPDATE {table} SET scope_set = :s WHERE id = :id"),
                       {"s": matter.scope_set, "id": matter.id})
