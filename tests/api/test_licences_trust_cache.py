"""Each worker keeps the trust list instead of a SELECT per scan, and every check reads the ids in force in the
same statement as its licence (seals.in_force / in_step). What must hold: a change another worker commits (here:
written past the ORM, as another process would) takes effect with the very next check; a check on an unchanged
list loads nothing (one statement); a change in this process takes effect at once; and a key this session has
added but not committed is never kept, so a rolled-back key can never verify anything."""

from typing import Any, cast

from sqlalchemy import Table, delete, event, insert, select, text
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.licences import seals, verify
from tongban.licences.models import Licence, SealKey, TrustedKey

from tests.support.licences import claims_of, new_key, sealed


def _demo_licence() -> Any:
    return db.session.scalars(select(Licence).where(Licence.demo.is_(True), Licence.status == "valid")
                              .order_by(Licence.id)).first()


def _entry_of(licence: Any) -> TrustedKey:
    return db.session.scalars(select(TrustedKey).where(TrustedKey.kid == licence.kid,
                                                       TrustedKey.removed_at.is_(None))).one()


def _check(qr: str) -> str:
    verdict, _ours, _view = verify._static(qr)
    db.session.rollback()
    return verdict


def test_another_workers_removal_and_restoring_take_effect_with_the_next_check(app):
    with app.app_context():
        licence = _demo_licence()
        entry_id = _entry_of(licence).id
        assert _check(licence.static_qr) == "valid"  # the list is loaded and kept
        with db.engine.begin() as conn:  # another worker's removal: no ORM event in this process
            conn.execute(text("UPDATE trusted_keys SET removed_at = CURRENT_TIMESTAMP WHERE id = :i"), {"i": entry_id})
        try:
            assert _check(licence.static_qr) == "unknown_issuer"
        finally:
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE trusted_keys SET removed_at = NULL WHERE id = :id"), {"id": entry_id})
        assert _check(licence.static_qr) == "valid"


def test_a_key_another_worker_puts_on_the_list_verifies_with_the_next_check(app):
    private, public, kid = new_key()
    with app.app_context():
        licence = _demo_licence()
        partner = sealed(claims_of(licence.static_qr), private, kid)  # a partner region's seal, not our licence
        assert _check(partner) == "unknown_issuer"
        assert _check(licence.static_qr) == "valid"  # the list is loaded and kept, without the new key
        keys = cast(Table, TrustedKey.__table__)  # Core statements: no ORM event fires in this process
        with db.engine.begin() as conn:
            conn.execute(insert(keys).values(
                kid=kid, issuer="330200-TEST", issuer_name="测试伙伴", issuer_uscc="11330200MB0000000X",
                region_code="330200", algorithm="Ed25519", public_key=public, source="partner", added_by="test",
                added_at=utcnow()))
        try:
            assert _check(partner) == "valid"
        finally:
            with db.engine.begin() as conn:
                conn.execute(delete(keys).where(keys.c.kid == kid))
        assert _check(partner) == "unknown_issuer"


def test_a_check_on_an_unchanged_list_is_one_statement(app):
    """The ids in force ride along in the licence's SELECT: no reload, no statement of their own."""
    with app.app_context():
        qr = _demo_licence().static_qr
        assert _check(qr) == "valid"
        seen: list[str] = []

        def sql(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", sql)
        try:
            for _ in range(3):
                assert _check(qr) == "valid"
        finally:
            event.remove(db.engine, "before_cursor_execute", sql)
        selects = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
        assert len(selects) == 3 and all("trusted_keys" in s and "licences" in s for s in selects), seen


def test_an_uncommitted_key_is_never_kept(app):
    with app.app_context():
        seals.trusted("0" * 16)  # the list is loaded and kept
        key: SealKey = seals.new_key("341299-TEST")
        seals.trust(key, name="测试", region="341299", source="own", by="test")
        assert [e.kid for e in seals.trusted(key.kid)] == [key.kid]  # this session sees its own change
        db.session.rollback()
        assert seals.trusted(key.kid) == []  # gone with the rollback, never kept
        assert db.session.scalars(select(TrustedKey).where(TrustedKey.kid == key.kid)).first() is None


def test_a_removal_in_this_worker_takes_effect_at_once(app):
    with app.app_context():
        key: SealKey = seals.new_key("341299-TEST2")
        entry = seals.trust(key, name="测试", region="341299", source="own", by="test")
        db.session.commit()
        try:
            assert [e.kid for e in seals.trusted(key.kid)] == [key.kid]
            entry.removed_at = db.func.now()
            db.session.commit()
            assert seals.trusted(key.kid) == []
        finally:
            db.session.delete(db.session.get(TrustedKey, entry.id))
            db.session.delete(db.session.get(SealKey, key.id))
            db.session.commit()
