#!/usr/bin/env python3
"""Check docker-compose.yml without a Docker engine: syntax, services, healthchecks, images, secrets.

CI has the docker client but no daemon, so `docker compose config` cannot run; this reads the file
with PyYAML (safe_load, which also resolves the `<<` merge keys compose uses) and checks the rules
a reviewer would otherwise check by eye. Usage: python scripts/check_compose.py [path]; exit 1 on
any problem.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
REQUIRED_SERVICES = {"nginx", "app", "worker", "db", "redis"}
# Which major version each data store must run: the app is tested against these.
PINNED_MAJOR = {"db": "postgres:16", "redis": "redis:7"}
# Data stores must not publish ports: only the app and worker reach them, over the internal network.
NO_PUBLISHED_PORTS = {"db", "redis"}
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|(^|_)KEY$")
# A secret must come from the environment with no default: ${NAME} or ${NAME:?message}.
SECRET_REF = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$")
URL_PASSWORD = re.compile(r"://[^/:@\s]+:([^@\s]+)@")
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\?)[^}]*)?\}")


def _interpolate_defaults(text: str) -> tuple[str, list[str]]:
    """Replace ${X:-default} by its default; report variables that have none."""
    missing: list[str] = []

    def sub(m: re.Match[str]) -> str:
        if m.group(2):
            return m.group(3)
        missing.append(m.group(1))
        return ""

    return VAR.sub(sub, text), missing


def check_image(name: str, image: Any) -> list[str]:
    if not isinstance(image, str) or not image:
        return [f"{name}: image must be a non-empty string"]
    ref, missing = _interpolate_defaults(image)
    if missing:
        return [f"{name}: image {image!r} depends on ${{{missing[0]}}}, which has no default"]
    if "@sha256:" in ref:
        return []  # pinned by digest
    last = ref.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else ""
    if not tag:
        return [f"{name}: image {image!r} has no tag (that means latest)"]
    if tag == "latest":
        return [f"{name}: image {image!r} uses the latest tag"]
    return []


def _env_items(env: Any) -> list[tuple[str, str]]:
    if isinstance(env, dict):
        return [(str(k), "" if v is None else str(v)) for k, v in env.items()]
    if isinstance(env, list):
        return [(str(e).partition("=")[0], str(e).partition("=")[2]) for e in env]
    return []


def check_env(name: str, env: Any) -> list[str]:
    problems = []
    for key, value in _env_items(env):
        if SECRET_NAME.search(key) and not SECRET_REF.match(value):
            problems.append(f"{name}: {key} must be ${{VARIABLE}} or ${{VARIABLE:?message}} "
                            f"(no literal value, no default), not {value!r}")
        m = URL_PASSWORD.search(value)
        if m and not SECRET_REF.match(m.group(1)):
            problems.append(f"{name}: {key} embeds a password that is not a ${{VARIABLE}} without default")
    return problems


def _check_health(name: str, svc: dict[str, Any]) -> list[str]:
    # A service with restart "no" that is not one of the required ones is a one-shot job (migrate).
    if str(svc.get("restart", "no")) == "no" and name not in REQUIRED_SERVICES:
        return []
    problems = []
    hc = svc.get("healthcheck")
    if not isinstance(hc, dict) or hc.get("disable") or not hc.get("test"):
        problems.append(f"{name}: a long-running service needs a healthcheck with a test")
    if svc.get("restart") in (None, "no"):
        problems.append(f"{name}: a long-running service needs a restart policy")
    return problems


def _check_depends(name: str, svc: dict[str, Any], services: dict[str, Any]) -> list[str]:
    problems = []
    deps = svc.get("depends_on") or {}
    for dep in deps if isinstance(deps, (dict, list)) else []:
        if dep not in services:
            problems.append(f"{name}: depends_on unknown service {dep!r}")
        elif isinstance(deps, dict):
            cond = (deps[dep] or {}).get("condition", "service_started")
            hc = (services[dep] or {}).get("healthcheck") or {}
            if cond == "service_healthy" and (hc.get("disable") or not hc.get("test")):
                problems.append(f"{name}: waits for {dep} to be healthy, but {dep} has no healthcheck")
    return problems


def check_service(name: str, svc: Any, services: dict[str, Any]) -> list[str]:
    if not isinstance(svc, dict):
        return [f"{name}: must be a mapping"]
    problems: list[str] = []
    if "image" not in svc and "build" not in svc:
        problems.append(f"{name}: needs an image or a build")
    if "image" in svc:
        problems += check_image(name, svc["image"])
    if name in PINNED_MAJOR and not re.match(re.escape(PINNED_MAJOR[name]) + r"([.-]|$)",
                                             str(svc.get("image", ""))):
        problems.append(f"{name}: image must be {PINNED_MAJOR[name]}.x, not {svc.get('image')!r}")

    problems += _check_health(name, svc)
    problems += _check_depends(name, svc, services)
    problems += check_env(name, svc.get("environment"))
    if name in NO_PUBLISHED_PORTS and svc.get("ports"):
        problems.append(f"{name}: must not publish ports")
    return problems


def check(doc: Any) -> list[str]:
    """Return every problem found in a parsed compose document (empty when it is fine)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("services"), dict):
        return ["top level: needs a `services` mapping"]
    services: dict[str, Any] = doc["services"]
    problems = [f"services: {s} is missing" for s in sorted(REQUIRED_SERVICES - services.keys())]
    declared_volumes = set((doc.get("volumes") or {}).keys())
    declared_networks = set((doc.get("networks") or {}).keys()) | {"default"}
    for name, svc in services.items():
        problems += check_service(name, svc, services)
        if not isinstance(svc, dict):
            continue
        for vol in svc.get("volumes") or []:
            source = vol.get("source", "") if isinstance(vol, dict) else str(vol).split(":", 1)[0]
            if ":" in str(vol) and source and not source.startswith(("/", ".", "$", "~")) \
                    and source not in declared_volumes:
                problems.append(f"{name}: named volume {source!r} is not declared under volumes")
        nets = svc.get("networks") or []
        for net in nets if isinstance(nets, (list, dict)) else []:
            if net not in declared_networks:
                problems.append(f"{name}: network {net!r} is not declared under networks")
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else REPO_ROOT / "docker-compose.yml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    problems = check(doc)
    for p in problems:
        print(f"{path.name}: {p}", file=sys.stderr)
    if not problems:
        print(f"{path.name}: ok ({len(doc['services'])} services)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
