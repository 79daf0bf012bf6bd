"""Real-name verification adapter (the national population registry in production).

The "sandbox" provider checks the ID number's GB 11643 check digit, then looks the name and number
up in a demo registry (identity/demo_registry.json): only listed people pass, like a real registry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol

from tongban.core import ids


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""  # check_digit | format | birth_date | not_found | name_mismatch


class RealNameVerifier(Protocol):
    name: str

    def verify(self, name: str, id_number: str) -> Verdict: ...


@cache
def demo_registry() -> dict[str, str]:
    raw = resources.files("tongban.identity").joinpath("demo_registry.json").read_text(encoding="utf-8")
    return {p["id_number"]: p["name"] for p in json.loads(raw)["people"]}


class SandboxVerifier:
    name = "sandbox"

    def verify(self, name: str, id_number: str) -> Verdict:
        problem = ids.id_number_problem(id_number)
        if problem:
            return Verdict(False, problem)
        registered = demo_registry().get(id_number.upper())
        if registered is None:
            return Verdict(False, "not_found")
        if registered != name.strip():
            return Verdict(False, "name_mismatch")
        return Verdict(True)


def verifier() -> RealNameVerifier:
    return SandboxVerifier()
