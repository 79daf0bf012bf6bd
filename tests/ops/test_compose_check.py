"""scripts/check_compose.py passes the real stack and catches the mistakes it exists for."""

from __future__ import annotations

import copy
import importlib.util
import subprocess
import sys
from typing import Any

import pytest
from opsutil import REPO, load_render, need

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML is a dev requirement
    yaml = None  # type: ignore[assignment]


@pytest.fixture(scope="module")
def checker() -> Any:
    need(yaml is not None, "PyYAML is needed (pip install pyyaml; it is in the dev requirements)")
    spec = importlib.util.spec_from_file_location("check_compose", REPO / "scripts" / "check_compose.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def stack() -> dict[str, Any]:
    assert yaml is not None
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def test_the_real_compose_file_passes() -> None:
    need(yaml is not None, "PyYAML is needed")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "check_compose.py")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_stack_shape(stack: dict[str, Any]) -> None:
    services = stack["services"]
    assert {"nginx", "app", "worker", "db", "redis"} <= services.keys()
    assert services["worker"]["command"] == ["tongban", "worker"]
    assert services["app"]["environment"]["TONGBAN_ENV"] == "production"
    # Merge keys resolved: app and worker share the image and the secret settings.
    assert services["app"]["image"] == services["worker"]["image"]
    assert "TONGBAN_SECRET_KEY" in services["worker"]["environment"]


def _break(stack: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(stack)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


@pytest.mark.parametrize(("path", "value", "expected"), [
    (["services", "redis", "image"], "redis:latest", "latest"),
    (["services", "redis", "image"], "redis", "no tag"),
    (["services", "app", "image"], "tongban/app:${TONGBAN_VERSION}", "no default"),
    (["services", "db", "image"], "postgres:15-alpine", "postgres:16"),
    (["services", "worker", "healthcheck"], KeyError, "healthcheck"),
    (["services", "db", "healthcheck"], {"disable": True}, "healthcheck"),
    (["services", "app", "environment", "TONGBAN_SECRET_KEY"], "x" * 40, "TONGBAN_SECRET_KEY"),
    (["services", "app", "environment", "TONGBAN_SECRET_KEY"], "${TONGBAN_SECRET_KEY:-changeme}", "no default"),
    (["services", "db", "environment", "POSTGRES_PASSWORD"], "postgres", "POSTGRES_PASSWORD"),
    (["services", "app", "environment", "TONGBAN_DATABASE_URL"], "postgresql://tongban:pw@db/tongban", "password"),
    (["services", "db", "ports"], ["5432:5432"], "ports"),
    (["services", "redis"], KeyError, "redis is missing"),
    (["services", "app", "depends_on", "migrate"], {"condition": "service_healthy"}, "no healthcheck"),
])
def test_mistakes_are_caught(checker: Any, stack: dict[str, Any], path: list[str], value: Any,
                             expected: str) -> None:
    problems = checker.check(_break(stack, path, value))
    assert any(expected in p for p in problems), problems


def test_unparsable_file_fails(checker: Any, tmp_path: Any) -> None:
    bad = tmp_path / "docker-compose.yml"
    bad.write_text("services:\n  app: [unclosed\n", encoding="utf-8")
    assert checker.main(["check_compose.py", str(bad)]) == 1


def test_dockerfile_builds_what_compose_runs() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    stages = {line.split()[-1] for line in text.splitlines() if line.startswith("FROM ")}
    assert {"pwa", "nginx-conf", "web", "app"} <= stages
    last = text[text.rindex("FROM "):]
    assert "USER tongban" in last, "the runtime stage must not run as root"
    assert 'CMD ["gunicorn", "-c", "python:tongban.gunicorn_conf", "tongban.wsgi:app"]' in last
    assert ":latest" not in text


def test_template_renders_both_variants_from_the_same_text() -> None:
    render = load_render()
    base = {"APP_UPSTREAM": "app:8000", "PWA_ROOT": "/srv/pwa", "PORT": "443"}
    tls, plain = render.render(base, tls=True), render.render(base, tls=False)
    assert "ssl_certificate" in tls and "return 301 https://" in tls
    assert "ssl_certificate" not in plain and "listen 127.0.0.1:443" in plain
    # everything outside the #@if blocks is shared: the security headers are identical
    headers = [line for line in tls.splitlines() if "add_header" in line]
    assert headers == [line for line in plain.splitlines() if "add_header" in line]
    # HTTP/2 is switched on the way the target nginx understands (`http2 on;` from 1.25.1)
    assert "http2 on;" in tls and "ssl http2" not in tls
    old = render.render(base, tls=True, nginx_version="1.22.1")
    assert "ssl http2 default_server" in old and "http2 on;" not in old
    with pytest.raises(render.RenderError):
        render.render(base, tls=True, template="listen ${NOT_A_SETTING};")


@pytest.mark.parametrize("service", ["migrate", "app", "worker"])
def test_the_app_services_pass_the_apps_production_check(stack: dict[str, Any], service: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment compose gives the app image is one `tongban.config` accepts for production
    (a missing TONGBAN_PUBLIC_URL once stopped `migrate`, and with it the whole stack)."""
    import re

    from tongban.config import load_settings

    given = {"TONGBAN_SECRET_KEY": "s" * 48, "POSTGRES_PASSWORD": "p" * 24,
             "TONGBAN_PUBLIC_URL": "https://tongban.example.gov.cn"}   # what the operator's .env holds

    def fill(value: object) -> str:
        return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}",
                      lambda m: given.get(m.group(1), ""), str(value))

    for name in [k for k in __import__("os").environ if k.startswith("TONGBAN_")]:
        monkeypatch.delenv(name)
    env = stack["services"][service]["environment"]
    for name, value in env.items():
        if name.startswith("TONGBAN_"):
            monkeypatch.setenv(name, fill(value))
    settings = load_settings()   # raises ConfigError for what production refuses
    assert settings.is_production and settings.redis_url
    assert str(settings.extra["uploads_dir"]).startswith("/var/lib/tongban/")
    volumes = stack["services"][service]["volumes"]
    assert any(str(v).endswith(":/var/lib/tongban") for v in volumes), "uploads must be on a volume (read-only root)"
