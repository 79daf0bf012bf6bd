"""Each worker keeps the trust list for seals.TRUST_TTL seconds instead of a SELECT per scan. What must hold:
a change another worker commits (here: written past the ORM, as another process would) reaches this one
within the TTL; a change in this process takes effect at once; and a key this session has added but not
committed is never kept, so a rolled-back key can never verify anything."""

import time

from sqlalchemy import select, text
from tongban.extensions import db
from tongban.licences import seals
from tongban.licences.models import SealKey, TrustedKey


def _demo_entry() -> TrustedKey:
    return db.session.scalars(select(TrustedKey).where(TrustedKey.removed_at.is_(None)).order_by(TrustedKey.id)).first()


def test_another_workers_removal_reaches_this_worker_within_the_ttl(app, monkeypatch):
    with app.app_context():
        entry = _demo_entry()
        kid = entry.kid
        assert [e.id for e in seals.trusted(kid)] == [entry.id]  # loaded and kept
        db.session.commit()
        with db.engine.begin() as conn:  # another worker's removal: no ORM event in this process
            conn.execute(text("UPDATE trusted_keys SET removed_at = CURRENT_TIMESTAMP WHERE id = :id"),
                         {"id": entry.id})
        try:
            assert [e.id for e in seals.trusted(kid)] == [entry.id]  # still the kept copy, at most TTL old
            monkeypatch.setattr(seals, "TRUST_TTL", 0.0)
            time.sleep(0.01)
            assert seals.trusted(kid) == []
        finally:
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE trusted_keys SET removed_at = NULL WHERE id = :id"), {"id": entry.id})
            monkeypatch.setattr(seals, "TRUST_TTL", 0.0)
            assert [e.id for e in seals.trusted(kid)] == [entry.id]
            db.session.rollback()


def test_an_uncommitted_key_is_never_kept(app):
    with app.app_context():
        seals.trusted("0" * 16)  # the list is loaded and kept
        key: SealKey = seals.new_key("341299-TEST")
        seals.trust(key, name="测试", region="341299", source="own", by="test")
        assert [e.kid for e in seals.trusted(key.kid)] == [key.kid]  # this session sees its own change
        db.session.rollback()
        assert seals.trusted(key.kid) == []  # gone with the rollback, not kept for the TTL
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
