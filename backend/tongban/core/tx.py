"""One unit of work per request: routes never touch the database session (design guide §4).

A state-changing view is wrapped in `transactional`: it commits when the view returns, and rolls
back when it raises, so nothing is ever half-written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from tongban.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def transactional(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = view(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
        return result

    return wrapper  # type: ignore[return-value]


def database_ok() -> bool:
    """A round trip to the database, for health checks."""
    from sqlalchemy import text

    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any driver error means not ready
        db.session.rollback()
        return False
