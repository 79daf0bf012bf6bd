"""Locale choice: the user's choice (cookie), then ?lang=, then Accept-Language; zh_Hans by default."""

from __future__ import annotations

from flask import Flask, Response, has_request_context, request

from tongban.config import REPO_ROOT

LOCALES = ("zh_Hans", "zh_Hant", "en")
DEFAULT = "zh_Hans"
# BCP 47 tags browsers send, mapped to our catalogues. Regions imply the script (zh-TW → Hant).
_ALIASES = {
    "zh": "zh_Hans", "zh-cn": "zh_Hans", "zh-sg": "zh_Hans", "zh-hans": "zh_Hans", "zh-hans-cn": "zh_Hans",
    "zh-tw": "zh_Hant", "zh-hk": "zh_Hant", "zh-mo": "zh_Hant", "zh-hant": "zh_Hant",
    "zh-hant-tw": "zh_Hant", "zh-hant-hk": "zh_Hant", "en": "en",
}


def normalise(tag: str | None) -> str | None:
    if not tag:
        return None
    t = tag.strip().replace("_", "-").lower()
    if t in _ALIASES:
        return _ALIASES[t]
    if t.startswith("en-"):
        return "en"
    if t.startswith("zh-hant"):
        return "zh_Hant"
    if t.startswith("zh"):
        return "zh_Hans"
    return None


def select_locale() -> str:
    if not has_request_context():  # CLI and jobs: the default language
        return DEFAULT
    # `in` first: werkzeug's get() raises and catches a KeyError for each absent key (most requests).
    for values, key in ((request.args, "lang"), (request.cookies, "tb_lang")):
        found = normalise(values.get(key)) if key in values else None
        if found:
            return found
    for tag, _q in request.accept_languages:  # already sorted by quality
        found = normalise(tag)
        if found:
            return found
    return DEFAULT


def init(app: Flask) -> None:
    from tongban.extensions import babel

    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(REPO_ROOT / "i18n"))
    babel.init_app(app, locale_selector=select_locale)

    @app.after_request
    def _content_language(resp: Response) -> Response:
        # select_locale() is what babel uses; calling it directly skips parsing a babel Locale. The
        # header names are read once: a werkzeug look-up of an absent header raises and catches a
        # KeyError, and resp.vary parses and rewrites the header (together a twentieth of a search).
        present = {name.lower() for name in resp.headers.keys()}
        if "content-language" not in present:
            resp.headers["Content-Language"] = select_locale().replace("_", "-")
        if "vary" in present:
            resp.vary.add("Accept-Language")
        else:
            resp.headers["Vary"] = "Accept-Language"
        return resp
