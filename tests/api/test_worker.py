from datetime import timedelta

from sqlalchemy import select
from tongban import worker
from tongban.core.db import utcnow
from tongban.extensions import db
from tongban.identity.models import Challenge


def test_housekeeping_removes_expired_challenges_only(ctx, tmp_path, monkeypatch):
    db.session.add_all([Challenge(id="old" * 5, purpose="authenticate", options="{}",
                                  expires_at=utcnow() - timedelta(minutes=1)),
                        Challenge(id="new" * 5, purpose="authenticate", options="{}",
                                  expires_at=utcnow() + timedelta(minutes=1))])
    db.session.commit()
    beat = tmp_path / "beat"
    monkeypatch.setenv("TONGBAN_WORKER_HEARTBEAT", str(beat))
    worker.run_forever(once=True)
    ids = set(db.session.scalars(select(Challenge.id)))
    assert "new" * 5 in ids and "old" * 5 not in ids and beat.exists()
