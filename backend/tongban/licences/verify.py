"""One verification endpoint for every QR we print or show (design §7): it tells the kind by the
prefix and answers a verdict — `valid`, or exactly why not — never an error for a bad QR.

- `TBL1:` a static licence QR: anyone may verify it (it carries only minimal claims and is meant to
  be checked offline too): trust-list key by kid, Ed25519 signature, then our licence's status if we
  issued it, and its end date.
- `TBP1:` a presentation token: only staff in a staff session, or a department system with an OAuth
  token of scope `licence:verify`, each stating a purpose. The token is spent by the first scan (one
  conditional UPDATE: of two at once, one). They see the licence's fields with ID numbers masked, if its seal
  still verifies against the trust list.
- `TBR1:` a receipt: staff open the case; `TBA1:` a 帮办 code: the helper may join it.
Every scan that names one of our licences is logged, and its holder sees the log, failures too.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, Table, bindparam, insert, select

from tongban import policy
from tongban.cases.calendar import china_date
from tongban.core import ratelimit
from tongban.core.crypto import mask_id_number
from tongban.core.db import utcnow
from tongban.core.errors import Problem
from tongban.extensions import db
from tongban.licences import codec, present, seals, types, wallet
from tongban.licences.models import Licence, Verification

VERDICTS = {
    "valid": _l("Valid"), "unreadable": _l("Not a Tongban code, or damaged: it cannot be read"),
    "bad_signature": _l("The seal does not match: this code was altered or forged"),
    "unknown_issuer": _l("Sealed by an issuer that is not on the trust list"),
    "unknown_type": _l("A licence type this platform does not know"),
    "revoked": _l("The licence was revoked"), "suspended": _l("The licence is suspended"),
    "expired": _l("The licence has expired"), "token_used": _l("This code was already scanned once; ask for a new one"),
    "token_expired": _l("This code is older than 60 seconds; ask for a new one"),
    "token_unknown": _l("This code was not issued by Tongban"), "not_found": _l("No such case or session"),
    "not_authorised": _l("Refused: not allowed to check"),
}
ANONYMOUS = ratelimit.Limit("verify-anon", 120, 60)  # per address: a busy hall scans fast, a script does not
# Signed in without a post: per account (a phone number signs in, so signing in lifts no limit; and the residents
# of one hall, behind its one address, do not share a bucket). Staff and department systems are not limited.
RESIDENT = ratelimit.Limit("verify-resident", 120, 60)
UNSEALED = frozenset({"unreadable", "bad_signature", "unknown_issuer", "unknown_type"})  # the seal fails


def _who() -> tuple[str, str, str, bool]:
    """(label, name shown to holders, place, may see presentations)."""
    from authlib.oauth2 import OAuth2Error
    from authlib.oauth2.rfc6750 import InsufficientScopeError

    from tongban.identity.oidc import require_oauth

    if request.headers.get("Authorization", "").startswith("Bearer "):
        try:
            token = require_oauth.acquire_token(["licence:verify"])
        except InsufficientScopeError:
            raise Problem(403, "forbidden", _("This system's access token does not allow checking licences "
                                              "(scope licence:verify).")) from None
        except OAuth2Error:
            raise Problem(401, "unauthenticated", _("The access token is not valid, or it has expired."),
                          headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
        return f"client:{token.client_id}", token.client.name if token.client else token.client_id, "", True
    actor = policy.current_actor()
    if actor.account is None:
        return "anonymous", _("Someone without an account"), "", False
    post = actor.posts[0] if actor.posts else None
    name = actor.account.person.name if post else _("A resident")
    place = _place_name(post.unit_type, post.unit_code) if post else ""
    return actor.label, name, place, policy.may(actor, "licence.verify")


def _place_name(unit_type: str, code: str) -> str:
    """Where the check happened, as its holder reads it: the window's or the department's name."""
    from tongban.directory import service as directory
    from tongban.directory.models import Department

    if unit_type == "window":
        window = directory.window_by_code(code)
        return window.full_name if window is not None else code
    dept = db.session.scalars(select(Department).where(Department.code == code)).first()
    return dept.name if dept is not None else code


def _claims_view(licence_type: types.LicenceType | None, claims: codec.Claims, issuer: Any,
                 identifier: str) -> dict[str, Any]:
    return {"type": licence_type.code if licence_type else None,
            "type_name": str(licence_type.name) if licence_type else "", "identifier": identifier,
            "holder": claims.holder, "id_hint": claims.id_hint[:4] + "…" + claims.id_hint[4:],
            "issued_on": claims.issued, "valid_until": claims.valid_until,
            "issuer": issuer.issuer_name if issuer else "", "issuer_region": issuer.region_code if issuer else "",
            "fields": None}  # a static QR carries no more


def _static(text: str) -> tuple[str, Any, dict[str, Any] | None]:
    """(verdict, our licence's row — id, kid, status, valid_until — or None, what the code says)."""
    try:
        sealed = codec.open_qr(text)
    except codec.Unreadable:
        return "unreadable", None, None
    verdict, ours, view, fresh = _sealed(sealed)
    if not fresh:  # another worker changed the trust list since this one kept it: once more, on the list as it is
        verdict, ours, view, _fresh = _sealed(sealed)
    return verdict, ours, view


def _sealed(sealed: codec.Sealed) -> tuple[str, Any, dict[str, Any] | None, bool]:
    """The verdict on this worker's copy of the trust list, and whether that copy was the list in force."""
    kid = sealed.kid.hex()
    entries = seals.trusted(kid)
    if not entries:  # a removed key's seal (genuine or not) on one of our licences: its holder sees the attempt
        known = seals.with_kid(kid)
        if any(e.removed_at is None for e in known):
            seals.forget()  # put on the list since this worker kept its copy
            return "unknown_issuer", None, None, False
        named = next((e for e in known if _made(e, sealed)), known[0] if known else None)  # genuine, or forged
        return "unknown_issuer", _named(sealed, named)[0] if named else None, None, True
    issuer = next((e for e in entries if _made(e, sealed)), None)
    if issuer is None:  # altered (its header too) or forged: the holder of the licence it names sees the attempt
        found, fresh = _named(sealed, entries[0])
        return "bad_signature", found, None, fresh
    claims = sealed.claims
    licence_type = types.BY_NO.get(claims.type_no)
    if licence_type is None:
        return "unknown_type", None, None, seals.in_step_now()
    identifier = types.identifier(licence_type, issuer.issuer_uscc, f"{claims.serial:014d}", f"{claims.version:03d}")
    view = _claims_view(licence_type, claims, issuer, identifier)
    ours, fresh = _ours(identifier)
    status = wallet.status_of(ours) if ours is not None else _by_date(claims.valid_until)
    return status, ours, view, fresh


def _made(entry: Any, sealed: codec.Sealed) -> bool:
    """This entry's key made this seal, by the one algorithm we seal with (a header naming another is altered)."""
    return sealed.algorithm == codec.EDDSA and seals.verify(entry.public_key, sealed.signature, sealed.message)


def _named(sealed: codec.Sealed, entry: Any) -> tuple[Any, bool]:
    """Our licence that a QR which does not verify names (type, issuer, serial, version, and the key that
    sealed it), so that its holder's log shows the attempt, or None when it names none of ours; and whether
    this worker's trust list was the one in force."""
    licence_type = types.BY_NO.get(sealed.claims.type_no)
    if licence_type is None:
        return None, seals.in_step_now()
    identifier = types.identifier(licence_type, entry.issuer_uscc, f"{sealed.claims.serial:014d}",
                                  f"{sealed.claims.version:03d}")
    found, fresh = _ours(identifier)
    return (found if found is not None and found.kid == entry.kid else None), fresh


def _ours(identifier: str) -> tuple[Any, bool]:
    """Our licence by identifier, and whether this worker's trust list is the one in force (its ids in force,
    read in the same statement: no round trip of its own). The licence is a row of only what a check reads (id,
    kid, status, valid_until), not an ORM object — the fields stay encrypted and unread, and no identity map or
    unit of work is set up for it."""
    row = db.session.execute(_OURS, {"identifier": identifier}).one()
    return (row if row.id is not None else None), seals.in_step(row.trust)


def _ours_statement() -> Select[Any]:
    """Built once: building it for every scan (subquery, join, their cache key) took longer than running it."""
    trust = select(seals.in_force().label("trust")).subquery()
    return (select(trust.c.trust, Licence.id, Licence.kid, Licence.status, Licence.valid_until)
            .select_from(trust.outerjoin(Licence, Licence.identifier == bindparam("identifier"))).limit(1))


_OURS = _ours_statement()


def seal_ok(licence: Licence) -> bool:
    """Our licence's static QR still verifies against the trust list (its key not removed), whatever its status:
    what the wallet says of its seal, and what a licence must pass to be shown or to replace a material."""
    verdict, found, _view = _static(licence.static_qr)
    return found is not None and found.id == licence.id and verdict not in UNSEALED


def _by_date(until: date | None) -> str:
    return "expired" if until is not None and until < china_date(utcnow()) else "valid"


def _presentation(text: str, may_see: bool, ctx: dict[str, Any]) -> tuple[str, Licence | None, dict[str, Any] | None]:
    row = present.find(text[len(present.PREFIX):])
    if row is None:
        return "token_unknown", None, None
    licence = row.licence
    if not may_see:
        _log(licence, "presentation", "not_authorised", ctx)
        db.session.commit()  # the attempt stays in the holder's log although the request fails
        raise Problem(403, "forbidden", _("Only staff signed in with a passkey, or a department system, may check "
                                          "a licence someone shows."))
    if row.used_at is not None or not present.spend(row):  # spent by another scan, maybe at this very moment
        return "token_used", licence, None
    if row.expires_at <= utcnow():
        return "token_expired", licence, None
    if not seal_ok(licence):  # its key is off the trust list: shown, it answers as its static QR does
        return _static(licence.static_qr)[0], licence, None
    data = wallet.data_of(licence)
    fields = wallet.shown_fields(licence)
    licence_type = types.BY_CODE.get(licence.type_code)
    return wallet.status_of(licence), licence, {
        "type": licence.type_code, "type_name": str(licence_type.name) if licence_type else "",
        "identifier": licence.identifier, "holder": data.get("holder_name", ""),
        "id_hint": mask_id_number(str(data.get("holder_id", ""))), "issued_on": licence.issued_on,
        "valid_until": licence.valid_until, "issuer": licence.issuer_name, "issuer_region": licence.issuer[:6],
        "fields": fields}


def _log(licence: Any, kind: str, verdict: str, ctx: dict[str, Any]) -> None:
    """The holder's log row, written at once by one INSERT (no unit of work: nothing else reads it back)."""
    db.session.execute(_LOG, {
        "licence_id": licence.id if licence is not None else None, "kind": kind, "verdict": verdict,
        "verifier": ctx["label"], "verifier_name": ctx["name"], "place": ctx["place"],
        "purpose": ctx["purpose"][:200], "case_number": ctx["case"], "details": {}, "at": utcnow()})


_LOG = insert(cast(Table, Verification.__table__))  # built once, as _OURS


def verify(data: dict[str, Any]) -> dict[str, Any]:
    text = data["qr"].strip()
    label, name, place, may_see = _who()
    if label == "anonymous":
        ratelimit.check(ANONYMOUS, request.remote_addr or "-")
    elif not may_see:
        ratelimit.check(RESIDENT, label)
    # The holder reads the purpose and the case in their log, on an official page: only staff and department
    # systems, who are known, may put words there (from anyone else it would be a channel for phishing).
    purpose = (data.get("purpose") or "").strip()
    ctx = {"label": label, "name": name, "place": place, "purpose": purpose if may_see else "",
           "case": data.get("case") if may_see else None}
    kind, licence, view = "unknown", None, None
    extra: dict[str, Any] = {}
    if text.startswith(codec.PREFIX):
        kind = "static_licence"
        _statement_by_statement()
        verdict, licence, view = _static(text)
    elif text.startswith(present.PREFIX):
        kind = "presentation"
        if may_see and not ctx["purpose"]:
            raise Problem(400, "validation_error", _("Check the fields named in errors."),
                          errors={"purpose": [_("Say why you check this licence: its holder will read it.")]})
        verdict, licence, view = _presentation(text, may_see, ctx)
    elif text.startswith("TBR1:") or text.startswith("TBA1:"):
        kind, verdict, extra = _other(text, may_see)
    else:
        verdict = "unreadable"
    if licence is not None:
        _log(licence, kind, verdict, ctx)
    return {"kind": kind, "verdict": verdict, "verdict_label": str(VERDICTS.get(verdict, verdict)),
            "licence": view, "checked_at": utcnow(), "offline": False, "case": None, "code": None, **extra}


def _statement_by_statement() -> None:
    """A static check reads our licence's row and then appends one row to its holder's log: the INSERT is
    whole on its own, and nothing read needs a snapshot shared with it. So when the request has not begun a
    transaction yet (an anonymous scan), its statements run in autocommit: no BEGIN and no COMMIT, three round
    trips to the database instead of five, and each is a wait the clerk at the window feels. The row is as
    durable as in a transaction (each statement's commit is synchronous). A staff session has already read in
    a transaction, which then stays as it is."""
    if not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _other(text: str, may_see: bool) -> tuple[str, str, dict[str, Any]]:
    """A receipt opens its case for staff; a 帮办 code says whether the session can be joined."""
    if text.startswith("TBA1:"):
        code = text[5:]
        well_formed = len(code) == 6 and code.isascii() and code.isdigit()  # not any digits Unicode knows (١, ６)
        return "assist_session", "valid" if well_formed else "unreadable", {"code": code}
    from tongban.cases import access, receipt

    parts = text.split(":")
    case = access.find(parts[1]) if len(parts) == 3 else None
    if case is None or not receipt.token_matches(case, parts[2]):
        return "receipt", "not_found", {}
    if not may_see:
        return "receipt", "valid", {}
    return "receipt", "valid", {"case": case.number}
