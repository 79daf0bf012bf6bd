"""search variants: English names, Traditional Chinese folded to Simplified, a narrow search table

Adds matters.name_en and the per-dialect search structures the ranked search reads instead of the
wide matters rows (see tongban/catalogue/service.py, "Search"):
- SQLite: matter_fts_rank (one narrow row per matter: name length, code, folded names, filters)
  beside the FTS5 table matter_fts, whose rowid is the matter id;
- PostgreSQL: matter_fts (the same narrow columns plus the 'simple' tsvectors of the whole token
  document and of the name part, each with a GIN index); the expression index on matters goes.
Every matter's token documents are then rebuilt, so Traditional text already in the catalogue is
indexed in Simplified.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

FTS_OPTIONS = "tokenize='unicode61 remove_diacritics 0'"
RANK_COLUMNS = """
    id INTEGER NOT NULL PRIMARY KEY REFERENCES matters(id) ON DELETE CASCADE,
    name_len INTEGER NOT NULL,
    code VARCHAR(40) NOT NULL,
    name_key TEXT NOT NULL,
    en_key TEXT NOT NULL,
    department_id INTEGER NOT NULL,
    audience_set VARCHAR(64) NOT NULL,
    mode_set VARCHAR(64) NOT NULL,
    scope_set VARCHAR(64) NOT NULL"""


def upgrade() -> None:
    # Plain ALTER TABLE on both databases: a batch copy of matters on SQLite, with foreign keys on,
    # would cascade into materials and everything else that references a matter.
    op.add_column('matters', sa.Column('name_en', sa.String(length=200), nullable=False, server_default=''))
    if op.get_bind().dialect.name == "sqlite":
        # Prefix indexes for 1-6 characters: every query token is a prefix query ("户口"*, "hkqy"*),
        # which without them merges the lists of every indexed word that starts with it (3-8x slower).
        op.execute("DROP TABLE matter_fts")
        op.execute(f"CREATE VIRTUAL TABLE matter_fts USING fts5(search_name, search_body, {FTS_OPTIONS}, "
                   "prefix='1 2 3 4 5 6')")
        op.execute(f"CREATE TABLE matter_fts_rank ({RANK_COLUMNS})")
    else:
        op.execute("DROP INDEX IF EXISTS ix_fts_matters")
        # The rank columns stay in the heap row, uncompressed (PLAIN): ranking reads them for every
        # match, and a compressed or out-of-line name would cost a TOAST fetch per row. The
        # tsvectors go out of line first whenever a row is large; the GIN indexes answer the match.
        op.execute(f"CREATE TABLE matter_fts ({RANK_COLUMNS}, doc tsvector NOT NULL, name_doc tsvector NOT NULL) "
                   "WITH (toast_tuple_target = 128)")
        op.execute("ALTER TABLE matter_fts " + ", ".join(
            f"ALTER COLUMN {c} SET STORAGE PLAIN" for c in ("code", "name_key", "en_key", "audience_set",
                                                             "mode_set", "scope_set"))
            + ", ALTER COLUMN doc SET STORAGE EXTERNAL, ALTER COLUMN name_doc SET STORAGE EXTERNAL")
        op.execute("CREATE INDEX ix_fts_doc ON matter_fts USING gin (doc)")
        op.execute("CREATE INDEX ix_fts_name ON matter_fts USING gin (name_doc)")
    _rebuild()


def _rebuild() -> None:
    from tongban.catalogue import search  # pure text functions: no app state

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    rows = bind.execute(sa.text(
        "SELECT m.id, m.code, m.name, m.name_en, m.summary, m.aliases, m.keywords, m.department_id, "
        "m.audience_set, m.mode_set, m.scope_set, d.name FROM matters m JOIN departments d ON d.id = m.department_id"
    )).all()
    for (mid, code, name, name_en, summary, aliases, keywords, dept_id, audience, modes, scopes,
         dept_name) in rows:
        aliases = _json(aliases)
        keywords = _json(keywords)
        doc_name = search.name_document(name, aliases, name_en or "")
        doc_body = search.body_document(summary or "", keywords, dept_name)
        bind.execute(sa.text("UPDATE matters SET search_name = :n, search_body = :b WHERE id = :id"),
                     {"n": doc_name, "b": doc_body, "id": mid})
        values = {"id": mid, "len": len(name), "code": code, "nk": search.fold(name), "ek": search.fold(name_en or ""),
                  "dept": dept_id, "aud": audience, "modes": modes, "scopes": scopes, "n": doc_name, "b": doc_body}
        if sqlite:
            bind.execute(sa.text("INSERT INTO matter_fts(rowid, search_name, search_body) VALUES (:id, :n, :b)"),
                         values)
            bind.execute(sa.text(
                "INSERT INTO matter_fts_rank (id, name_len, code, name_key, en_key, department_id, audience_set, "
                "mode_set, scope_set) VALUES (:id, :len, :code, :nk, :ek, :dept, :aud, :modes, :scopes)"), values)
        else:
            bind.execute(sa.text(
                "INSERT INTO matter_fts (id, name_len, code, name_key, en_key, department_id, audience_set, "
                "mode_set, scope_set, doc, name_doc) VALUES (:id, :len, :code, :nk, :ek, :dept, :aud, :modes, "
                ":scopes, to_tsvector('simple'::regconfig, :n || ' ' || :b), "
                "to_tsvector('simple'::regconfig, :n))"), values)


def _json(value: object) -> list[str]:
    import json

    if isinstance(value, str):
        value = json.loads(value)
    return [str(v) for v in value or []]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS matter_fts_rank")
        op.execute("DROP TABLE matter_fts")
        op.execute(f"CREATE VIRTUAL TABLE matter_fts USING fts5(search_name, search_body, {FTS_OPTIONS})")
        op.execute("INSERT INTO matter_fts(rowid, search_name, search_body) SELECT id, search_name, search_body "
                   "FROM matters")
    else:
        op.execute("DROP TABLE IF EXISTS matter_fts")
        op.execute("CREATE INDEX ix_fts_matters ON matters USING gin "
                   "(to_tsvector('simple'::regconfig, search_name || ' ' || search_body))")
    op.execute("ALTER TABLE matters DROP COLUMN name_en")  # SQLite ≥ 3.35 and PostgreSQL: no table copy
