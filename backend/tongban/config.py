"""Configuration from the environment (12-factor): one place that reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRET = "dev-only-not-secret"  # noqa: S105 - refused in production below


class ConfigError(RuntimeError):
    """The environment does not describe a safe configuration."""


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    secret_key: str = DEFAULT_SECRET
    database_url: str = ""
    pwa_dist: Path = REPO_ROOT / "pwa" / "dist"
    redis_url: str | None = None
    default_locale: str = "zh_Hans"
    max_page_size: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.env == "production"


def load_settings(overrides: dict[str, object] | None = None) -> Settings:
    env = os.environ.get("TONGBAN_ENV", "development")
    instance = Path(os.environ.get("TONGBAN_INSTANCE", REPO_ROOT / "instance"))
    values: dict[str, object] = {
        "env": env,
        "secret_key": os.environ.get("TONGBAN_SECRET_KEY", DEFAULT_SECRET),
        "database_url": os.environ.get("TONGBAN_DATABASE_URL", f"sqlite:///{instance / 'tongban.db'}"),
        "pwa_dist": Path(os.environ.get("TONGBAN_PWA_DIST", REPO_ROOT / "pwa" / "dist")),
        "redis_url": os.environ.get("TONGBAN_REDIS_URL") or None,
        "extra": {k: v for k, v in {
            "public_url": os.environ.get("TONGBAN_PUBLIC_URL", ""),  # https://tongban.example: RP ID, issuer
            "pii_key": os.environ.get("TONGBAN_PII_KEY", ""),
            # uploaded case materials, encrypted, outside any web root; and the largest file accepted
            "uploads_dir": os.environ.get("TONGBAN_UPLOADS_DIR", str(instance / "uploads")),
            "upload_max_bytes": int(os.environ.get("TONGBAN_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))),
            # uploaded images: the most pixels decoded (decompression bombs); bad reviews: days to put right
            "image_max_pixels": int(os.environ.get("TONGBAN_IMAGE_MAX_PIXELS", "40000000")),
            "rectify_days": int(os.environ.get("TONGBAN_RECTIFY_DAYS", "5")),
            # mandates: how many principals one agent may serve (皖事通 allows 6), and the longest term
            "mandate_max_principals": int(os.environ.get("TONGBAN_MANDATE_MAX_PRINCIPALS", "6")),
            "mandate_max_years": int(os.environ.get("TONGBAN_MANDATE_MAX_YEARS", "5")),
            "cookie_secure": os.environ.get("TONGBAN_COOKIE_SECURE", "1") != "0",  # 0 only for plain-HTTP rigs
            # proxy hops in front of the app (nginx: 1); production defaults to 1, elsewhere to 0
            "jobs_file": os.environ.get("TONGBAN_JOBS_FILE", ""),  # the queue's SQLite file without Redis
            # multiplies every rate limit's size: test rigs (the API fuzzer) only, refused in production
            "rate_limit_scale": float(os.environ.get("TONGBAN_RATE_LIMIT_SCALE", "1")),
            "trusted_proxies": int(os.environ.get("TONGBAN_TRUSTED_PROXIES", "1" if env == "production" else "0")),
        }.items() if v != ""},
    }
    values.update(overrides or {})
    settings = Settings(**values)  # type: ignore[arg-type]
    validate(settings)
    return settings


REQUEST_MAX_BYTES = 20 * 1024 * 1024  # one request (the app's MAX_CONTENT_LENGTH; nginx's body limit on /api/)


def validate(settings: Settings) -> None:
    if settings.env not in {"development", "test", "production"}:
        raise ConfigError(f"TONGBAN_ENV must be development, test or production, not {settings.env!r}")
    # One material travels in one multipart request: it must fit, with its envelope, under the request cap,
    # or a large file meets a generic 413 instead of the message that names the material's limit.
    if int(settings.extra.get("upload_max_bytes", 0)) > REQUEST_MAX_BYTES - 1024 * 1024:
        raise ConfigError("TONGBAN_UPLOAD_MAX_BYTES must be at most 19 MiB (a request may carry 20 MiB)")
    if settings.is_production:
        # A default or short secret would let anyone forge sessions and CSRF tokens.
        if settings.secret_key == DEFAULT_SECRET or len(settings.secret_key) < 32:
            raise ConfigError("TONGBAN_SECRET_KEY must be set to a random value of 32+ characters in production")
        if not settings.extra.get("cookie_secure", True):
            raise ConfigError("TONGBAN_COOKIE_SECURE=0 is for plain-HTTP test rigs, never production")
        if not settings.extra.get("public_url", "").startswith("https://"):
            raise ConfigError("production needs TONGBAN_PUBLIC_URL=https://... (passkeys and the OIDC issuer)")
        if settings.extra.get("rate_limit_scale", 1) != 1:
            raise ConfigError("TONGBAN_RATE_LIMIT_SCALE is for test rigs, never production")
        if settings.database_url.startswith("sqlite"):
            raise ConfigError("production needs TONGBAN_DATABASE_URL pointing at PostgreSQL")
