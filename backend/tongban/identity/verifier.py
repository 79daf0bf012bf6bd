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


@cache
def demo_enterprises() -> dict[str, tuple[str, str]]:
    """The sandbox enterprise registry: credit code → (name, legal representative's ID number)."""
    raw = resources.files("tongban.demo").joinpath("data", "accounts.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    people = {p["key"]: p["id_number"] for p in data["people"]}
    return {o["uscc"]: (o["name"], people[o["legal_rep"]]) for o in data["organisations"]}


class EnterpriseRegistry(Protocol):
    name: str

    def verify(self, uscc: str, name: str, legal_rep_id_number: str) -> Verdict: ...


class SandboxEnterpriseRegistry:
    """Sandbox of the market-regulation registry (国家企业信用信息): demo enterprises only."""

    name = "sandbox"

    def verify(self, uscc: str, name: str, legal_rep_id_number: str) -> Verdict:
        problem = ids.uscc_problem(uscc)
        if problem:
            return Verdict(False, "uscc_" + problem)
        found = demo_enterprises().get(uscc.upper())
        if found is None:
            return Verdict(False, "uscc_not_found")
        if found[0] != name.strip():
            return Verdict(False, "uscc_name_mismatch")
        if found[1] != legal_rep_id_number.upper():
            return Verdict(False, "not_legal_rep")
        return Verdict(True)


def enterprise_registry() -> EnterpriseRegistry:
    return SandboxEnterpriseRegistry()
