"""The audit chain verifies, and a changed, removed or reordered row is found."""

from sqlalchemy import select, text
from tongban.audit import service as audit
from tongban.audit.models import AuditEntry
from tongban.extensions import db


def test_sign_ins_and_passkey_changes_are_audited(api, ctx):
    api.signup()
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(3))]
    assert "signin.otp" in actions and "account.signup" in actions


def test_the_chain_verifies_and_a_changed_row_is_named(api, ctx):
    api.signup()
    api.signup()
    assert audit.verify().ok
    target = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq).limit(1)).first()
    original = target.actor
    db.session.execute(text("UPDATE audit_entries SET actor = 'account:999' WHERE seq = :s"), {"s": target.seq})
    db.session.commit()
    try:
        verdict = audit.verify()
        assert not verdict.ok and verdict.first_broken == target.seq and verdict.reason == "content changed"
    finally:
        db.session.execute(text("UPDATE audit_entries SET actor = :a WHERE seq = :s"), {"a": original, "s": target.seq})
        db.session.commit()
    assert audit.verify().ok


def test_a_deleted_row_is_found(api, ctx):
    api.signup()
    api.signup()
    row = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).offset(1).limit(1)).first()
    saved = {c.name: getattr(row, c.name) for c in AuditEntry.__table__.columns}
    db.session.delete(row)
    db.session.commit()
    try:
        verdict = audit.verify()
        assert not verdict.ok and verdict.first_broken == saved["seq"] and verdict.reason == "missing entry"
    finally:
        db.session.add(AuditEntry(**saved))
        db.session.commit()
    assert audit.verify().ok


def test_the_cli_names_the_first_broken_entry(app, api):
    from click.testing import CliRunner
    from tongban.cli import audit_verify

    api.signup()
    runner = CliRunner()
    with app.app_context():
        ok = runner.invoke(audit_verify, [])
        assert ok.exit_code == 0 and "ok" in ok.output
        seq = db.session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
        db.session.execute(text("UPDATE audit_entries SET action = 'x' WHERE seq = :s"), {"s": seq})
        db.session.commit()
        try:
            bad = runner.invoke(audit_verify, [])
            assert bad.exit_code == 1 and f"entry {seq}" in bad.output
        finally:
            db.session.execute(text("UPDATE audit_entries SET action = 'signin.otp' WHERE seq = :s"), {"s": seq})
            db.session.commit()
