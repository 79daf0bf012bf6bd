import pytest
from tongban.config import ConfigError, load_settings


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.setenv("TONGBAN_ENV", "production")
    monkeypatch.delenv("TONGBAN_SECRET_KEY", raising=False)
    monkeypatch.setenv("TONGBAN_DATABASE_URL", "postgresql+psycopg://db/tongban")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings()


def test_production_refuses_sqlite(monkeypatch):
    monkeypatch.setenv("TONGBAN_PUBLIC_URL", "https://tongban.example")
    monkeypatch.setenv("TONGBAN_ENV", "production")
    monkeypatch.setenv("TONGBAN_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("TONGBAN_DATABASE_URL", "sqlite:///x.db")
    with pytest.raises(ConfigError, match="PostgreSQL"):
        load_settings()


def test_production_starts_with_a_real_secret_and_postgres(monkeypatch):
    monkeypatch.setenv("TONGBAN_PUBLIC_URL", "https://tongban.example")
    monkeypatch.setenv("TONGBAN_ENV", "production")
    monkeypatch.setenv("TONGBAN_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("TONGBAN_DATABASE_URL", "postgresql+psycopg://db/tongban")
    assert load_settings().is_production


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("TONGBAN_ENV", "staging")
    with pytest.raises(ConfigError):
        load_settings()


def test_production_refuses_insecure_cookies_and_http(monkeypatch):
    monkeypatch.setenv("TONGBAN_ENV", "production")
    monkeypatch.setenv("TONGBAN_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("TONGBAN_DATABASE_URL", "postgresql+psycopg://db/tongban")
    monkeypatch.setenv("TONGBAN_PUBLIC_URL", "http://tongban.example")
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        load_settings()
    monkeypatch.setenv("TONGBAN_PUBLIC_URL", "https://tongban.example")
    monkeypatch.setenv("TONGBAN_COOKIE_SECURE", "0")
    with pytest.raises(ConfigError, match="COOKIE_SECURE"):
        load_settings()


def test_a_material_limit_that_cannot_fit_in_a_request_is_refused():
    with pytest.raises(ConfigError, match="UPLOAD_MAX_BYTES"):
        load_settings({"env": "test", "extra": {"upload_max_bytes": 20 * 1024 * 1024}})
    assert load_settings({"env": "test", "extra": {"upload_max_bytes": 10 * 1024 * 1024}})
