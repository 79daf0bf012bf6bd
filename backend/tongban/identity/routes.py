"""Identity endpoints: sign-up and sign-in, my account, staff, admin, and the sandbox outbox."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tongban.core.apidocs import problems
from tongban.core.tx import transactional
from tongban.directory.schemas import items_of
from tongban.identity import otp, passkeys, posts, service, sessions
from tongban.identity import schemas as s
from tongban.notify import sms

auth = Blueprint("auth", __name__, description="Sign-up and sign-in (phone code, passkeys)")
me = Blueprint("me", __name__, description="My account: profile, passkeys, sessions")
staff = Blueprint("staff", __name__, description="Staff: posts in my jurisdiction, in-person verification")
admin = Blueprint("admin", __name__, description="Administration: staff posts")
dev = Blueprint("dev", __name__, description="Development only: the sandbox SMS outbox")


def _done(sess: Any) -> dict[str, Any]:
    return service.profile(sess.account, sess)


@auth.route("/auth/codes")
class Codes(MethodView):
    @auth.arguments(s.SendCodeInput)
    @auth.response(202, s.OkSchema)
    @problems(auth, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Send a one-time code to a phone (sandbox SMS in development)."""
        otp.send(data["phone"], data["purpose"])
        return {"ok": True}


@auth.route("/auth/signup")
class Signup(MethodView):
    @auth.arguments(s.SignupInput)
    @auth.response(201, s.ProfileSchema)
    @problems(auth, 409, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create an account with a phone code, optionally with the real-name check."""
        return _done(service.signup(data["phone"], data["code"], data.get("name"), data.get("id_number"),
                                    kiosk=data["kiosk"]))


@auth.route("/auth/signin/code")
class SigninCode(MethodView):
    @auth.arguments(s.SigninCodeInput)
    @auth.response(200, s.ProfileSchema)
    @problems(auth, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Sign in with a phone code (fallback and recovery)."""
        return _done(service.signin_otp(data["phone"], data["code"], kiosk=data["kiosk"]))


@auth.route("/auth/passkey/options")
class PasskeyOptions(MethodView):
    @auth.arguments(s.PasskeyOptionsInput, required=False)  # the body may be left out: a resident sign-in
    @auth.response(200, s.OptionsSchema)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Start a passkey sign-in (discoverable credentials)."""
        out = passkeys.authentication_options(staff=data["staff"])
        return out


@auth.route("/auth/passkey")
class PasskeySignin(MethodView):
    @auth.arguments(s.PasskeySigninInput)
    @auth.response(200, s.ProfileSchema)
    @problems(auth, 429)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Finish a passkey sign-in."""
        return _done(service.signin_passkey(data["handle"], data["credential"], staff=data["staff"],
                                            kiosk=data["kiosk"]))


@auth.route("/auth/signout")
class Signout(MethodView):
    @auth.response(200, s.OkSchema)
    @transactional
    def post(self) -> dict[str, Any]:
        """Sign out of this session."""
        service.signout(sessions.current())
        return {"ok": True}


@auth.route("/auth/session")
class SessionState(MethodView):
    @auth.response(200, s.SessionStateSchema)
    def get(self) -> dict[str, Any]:
        """Who is signed in on this browser: the profile, or null when nobody is (200 either way).

        The PWA asks this when it starts, so a signed-out visit logs no 401; GET /me keeps answering
        401 to a client without a session.
        """
        sess = sessions.current()
        return {"signed_in": sess is not None, "profile": _done(sess) if sess is not None else None}


@me.route("/me")
class Me(MethodView):
    @me.response(200, s.ProfileSchema)
    @problems(me, 401)
    def get(self) -> dict[str, Any]:
        """Read my profile (numbers masked)."""
        sess = sessions.require()
        return service.profile(sess.account, sess)


@me.route("/me/real-name")
class RealName(MethodView):
    @me.arguments(s.RealNameInput)
    @me.response(200, s.ProfileSchema)
    @problems(me, 401, 409)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Verify my real name against the registry (sandbox) to reach level L2."""
        sess = sessions.require()
        service.verify_real_name(sess.account, data["name"], data["id_number"])
        return _done(sess)


@me.route("/me/organisations")
class MyOrganisations(MethodView):
    @me.response(200, items_of(s.OrganisationSchema))
    @problems(me, 401)
    def get(self) -> dict[str, Any]:
        """List the enterprises I represent."""
        return {"items": service.my_organisations(sessions.require().account)}

    @me.arguments(s.OrganisationInput)
    @me.response(201, s.OrganisationSchema)
    @problems(me, 401, 409)
    @transactional
    def post(self, data: dict[str, Any]) -> Any:
        """Register an enterprise I legally represent (GB 32100 check, enterprise registry: sandbox)."""
        org = service.register_organisation(sessions.require().account, data["name"], data["uscc"])
        return org


@me.route("/me/passkeys")
class MyPasskeys(MethodView):
    @me.response(200, items_of(s.PasskeySchema))
    @problems(me, 401)
    def get(self) -> dict[str, Any]:
        """List my passkeys."""
        return {"items": sessions.require().account.passkeys}

    @me.arguments(s.PasskeyAddInput)
    @me.response(201, s.PasskeySchema)
    @problems(me, 401)
    @transactional
    def post(self, data: dict[str, Any]) -> Any:
        """Register a new passkey with the options from /me/passkeys/options."""
        return service.add_passkey(sessions.require().account, data["handle"], data["credential"], data["name"])


@me.route("/me/passkeys/options")
class MyPasskeyOptions(MethodView):
    @me.response(200, s.OptionsSchema)
    @problems(me, 401, 409)
    @transactional
    def post(self) -> dict[str, Any]:
        """Start registering a passkey."""
        out = passkeys.registration_options(sessions.require().account)
        return out


@me.route("/me/passkeys/<int:passkey_id>/remove")
class RemovePasskey(MethodView):
    @me.response(200, s.OkSchema)
    @problems(me, 401)
    @transactional
    def post(self, passkey_id: int) -> dict[str, Any]:
        """Remove one of my passkeys."""
        service.remove_passkey(sessions.require().account, passkey_id)
        return {"ok": True}


@me.route("/me/sessions")
class MySessions(MethodView):
    @me.response(200, items_of(s.SessionSchema))
    @problems(me, 401)
    def get(self) -> dict[str, Any]:
        """List my signed-in sessions."""
        sess = sessions.require()
        rows = sessions.list_for(sess.account)
        return {"items": [{**{k: getattr(r, k) for k in ("public_id", "created_at", "last_seen_at", "ip",
                                                          "user_agent", "kiosk", "amr")}, "current": r.id == sess.id}
                          for r in rows]}


@me.route("/me/sessions/<public_id>/revoke")
class RevokeSession(MethodView):
    @me.response(200, s.OkSchema)
    @problems(me, 401)
    @transactional
    def post(self, public_id: str) -> dict[str, Any]:
        """Sign out one of my sessions."""
        service.revoke_session(sessions.require(), public_id)
        return {"ok": True}


@me.route("/me/sessions/revoke-all")
class RevokeAll(MethodView):
    @me.response(200, s.OkSchema)
    @problems(me, 401)
    @transactional
    def post(self) -> dict[str, Any]:
        """Sign out all my sessions, this one too."""
        service.revoke_all_sessions(sessions.require())
        return {"ok": True}


@staff.route("/staff/posts")
class Posts(MethodView):
    @staff.response(200, items_of(s.StaffPostSchema))
    @problems(staff, 401, 403)
    def get(self) -> dict[str, Any]:
        """List staff posts in my jurisdiction."""
        return {"items": posts.posts_visible()}


@staff.route("/staff/posts/<int:post_id>")
class Post(MethodView):
    @staff.response(200, s.StaffPostSchema)
    @problems(staff, 401, 403)
    def get(self, post_id: int) -> Any:
        """Read one staff post in my jurisdiction."""
        return posts.get_post(post_id)


@staff.route("/staff/verifications")
class InPerson(MethodView):
    @staff.arguments(s.InPersonInput)
    @staff.response(200, s.OkSchema)
    @problems(staff, 401, 404)
    @transactional
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Verify a resident in person at my window (level L3)."""
        service.verify_in_person(data["window_code"], data["phone"], data["name"], data["id_number"])
        return {"ok": True}


@admin.route("/admin/staff-posts")
class AdminPosts(MethodView):
    @admin.arguments(s.GrantPostInput)
    @admin.response(201, s.StaffPostSchema)
    @problems(admin, 401, 409)
    @transactional
    def post(self, data: dict[str, Any]) -> Any:
        """Give an account a staff post."""
        post = posts.grant_post(**data)
        return post


@admin.route("/admin/staff-posts/<int:post_id>/revoke")
class AdminRevokePost(MethodView):
    @admin.response(200, s.OkSchema)
    @problems(admin, 401, 409)
    @transactional
    def post(self, post_id: int) -> dict[str, Any]:
        """End a staff post."""
        posts.revoke_post(post_id)
        return {"ok": True}


@dev.route("/dev/outbox")
class Outbox(MethodView):
    @dev.response(200, items_of(s.OutboxSchema))
    def get(self) -> dict[str, Any]:
        """Read the sandbox SMS outbox (not in production)."""
        return {"items": sms.outbox()}
