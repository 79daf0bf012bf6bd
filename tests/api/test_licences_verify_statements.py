"""An anonymous static check runs its two statements in autocommit (verify._statement_by_statement: no BEGIN
and no COMMIT, two round trips fewer). What must hold: the holder's log row is written and stays written;
the statements really run outside a transaction; and the connection goes back to the pool transactional,
so the next request that writes several rows and fails still leaves nothing half-written."""

from typing import Any

import pytest
from sqlalchemy import event, func, select
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.licences.models import Verification

from tests.support.api import Api
from tests.support.cases import demo_staff, jobs_run  # noqa: F401 - autouse: queued jobs run after each test
from tests.support.licences import checks, of_type, verdict
from tests.support.mandates import demo


@pytest.fixture(scope="module")
def zhang(app):
    return demo(app, "resident")


def _statements(app: Any) -> tuple[list[str], Any]:
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def begin(_conn: Any) -> None:
        seen.append("BEGIN")

    def commit(_conn: Any) -> None:
        seen.append("COMMIT")

    def sql(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        raw = conn.connection.dbapi_connection  # the driver's own state, not the ORM's idea of it
        auto = getattr(raw, "autocommit", False) is True or getattr(raw, "isolation_level", "") is None
        seen.append(statement.split()[0].upper() + (" (autocommit)" if auto else ""))

    event.listen(engine, "begin", begin)
    event.listen(engine, "commit", commit)
    event.listen(engine, "before_cursor_execute", sql)

    def stop() -> None:
        event.remove(engine, "begin", begin)
        event.remove(engine, "commit", commit)
        event.remove(engine, "before_cursor_execute", sql)

    return seen, stop


def test_an_anonymous_static_check_writes_its_log_row_without_a_transaction(app, zhang):
    licence = of_type(zhang, "driving")
    before = len(checks(zhang, licence["id"]))
    anonymous = Api(app.test_client())
    assert verdict(anonymous, licence["static_qr"])["verdict"] == "valid"  # this worker keeps the trust list
    seen, stop = _statements(app)
    try:
        assert verdict(anonymous, licence["static_qr"])["verdict"] == "valid"
    finally:
        stop()
    statements = [s for s in seen if s not in {"BEGIN", "COMMIT"}]  # the ORM's own events fire regardless
    # the licence's row (with the trust list's ids in force), then the log row
    assert statements == ["SELECT (autocommit)", "INSERT (autocommit)"], seen
    after = checks(zhang, licence["id"])
    assert len(after) == before + 2 and after[0]["verdict"] == "valid" and after[0]["kind"] == "static_licence"
    with app.app_context():  # committed: another session reads it
        rows = db.session.scalar(select(func.count()).select_from(Verification).where(
            Verification.licence_id == licence["id"]))
        db.session.rollback()
    assert rows == before + 2


def test_the_pooled_connection_is_transactional_again_after_a_static_check(app, zhang):
    """After many anonymous checks (every pooled connection used in autocommit), a unit of work that fails
    after its first write leaves nothing behind."""
    licence = of_type(zhang, "id_card")
    anonymous = Api(app.test_client())
    for _ in range(6):
        assert verdict(anonymous, licence["static_qr"])["verdict"] == "valid"
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Verification))
        db.session.rollback()
        for _ in range(3):  # each takes a connection from the pool
            db.session.add(Verification(licence_id=licence["id"], kind="static_licence", verdict="valid",
                                        verifier="test", verifier_name="测试", place="", purpose="", case_number=None,
                                        at=utcnow()))
            db.session.flush()
            db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Verification)) == count
        db.session.rollback()


def test_a_clerks_static_check_stays_in_its_transaction_and_names_the_window(app, zhang):
    """A staff session has read its rows in a transaction before the check: the check joins it (no
    autocommit), and the holder's log names the clerk's window."""
    licence = of_type(zhang, "id_card")
    clerk = demo_staff(app, "clerk_linquan")  # 陈静 at FY-LQ-W01
    seen, stop = _statements(app)
    try:
        assert verdict(clerk, licence["static_qr"])["verdict"] == "valid"
    finally:
        stop()
    inserts = [s for s in seen if s.startswith("INSERT")]
    assert inserts == ["INSERT"], seen  # in the request's transaction, not on its own
    assert "COMMIT" in seen, seen
    last = checks(zhang, licence["id"])[0]
    assert (last["verdict"], last["kind"]) == ("valid", "static_licence") and last["place"], last
