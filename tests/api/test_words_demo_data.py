"""Words (issue 10) in what the API serves residents from the demo and reference data: matters and their
guides and forms, lists with their provenance and versions, bundles, the directory. Chinese text is
Chinese (no English word, full-width punctuation), and no text names a file or a path of this
repository: where the facts come from is said in plain words. Rules: tests/support/words.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from tests.support.words import HAN_CHAR, bad_punctuation, file_names, latin_words

# Fields that hold codes or English by design (name_en is data for English search, never shown to a
# Chinese reader); every other string is text a person may read.
NOT_TEXT = {"code", "name_en", "matter_code", "department_code", "issuer", "scope", "modes", "mode", "kind",
            "audience", "type", "format", "pattern", "$schema", "content_type", "region", "region_code"}


def _data(name: str) -> Any:
    return json.loads(resources.files("tongban.demo").joinpath("data", name).read_text(encoding="utf-8"))


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT:
                yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def _served(client: Any) -> Iterator[tuple[str, Any]]:
    """Every public answer built from the demo and reference data (not records other tests add)."""
    for matter in _data("matters.json"):
        for suffix in ("", "/form"):
            url = f"/api/v1/matters/{matter['code']}{suffix}"
            yield url, client.get(url).get_json()
    demo_lists = {spec["code"]: max(len(spec.get("versions", [])), 1) for spec in _data("lists.json")}
    lists = client.get("/api/v1/lists").get_json()["items"]
    yield "/api/v1/lists", [item for item in lists if item["code"] in demo_lists]
    for code, versions in demo_lists.items():
        yield f"/api/v1/lists/{code}/versions", client.get(f"/api/v1/lists/{code}/versions").get_json()
        for n in range(1, versions + 1):
            url = f"/api/v1/lists/{code}/versions/{n}"
            yield url, client.get(url).get_json()
    for url in ("/api/v1/bundles", "/api/v1/centres", "/api/v1/agency-points", "/api/v1/departments",
                "/api/v1/regions"):
        yield url, client.get(url).get_json()


@pytest.fixture(scope="module")
def served(app: Any) -> list[tuple[str, str, str]]:
    client = app.test_client()
    texts = [(url, path, text) for url, body in _served(client) for path, text in _strings(body)]
    assert len({url for url, _, _ in texts}) > 60, "the demo data should give many answers to read"
    return texts


def _report(found: list[tuple[str, str, str, list[str]]]) -> str:
    return "\n".join(f"  {url} {path}: {what} in {text[:120]!r}" for url, path, text, what in found[:20])


def test_no_answer_names_a_file_or_a_path_of_the_repository(served: list[tuple[str, str, str]]) -> None:
    """来源见 shared/data/README.md / demo/reference/README.md: provenance in words, file names in docs."""
    found = [(u, p, t, f) for u, p, t in served if (f := file_names(t))]
    assert not found, f"file names in what residents read:\n{_report(found)}"


def test_chinese_text_has_no_english_words(served: list[tuple[str, str, str]]) -> None:
    """通过CSV导入新版本 and the like: data says it in Chinese. The UI's allowlist (file formats for a download
    button, API words for developers) does not apply here: only codes (FY-GA-0001, C1) are Latin."""
    found = [(u, p, t, w) for u, p, t in served if HAN_CHAR.search(t) and (w := latin_words(t, allowed={}))]
    assert not found, f"Latin-letter words in Chinese text:\n{_report(found)}"


def test_chinese_text_uses_full_width_punctuation(served: list[tuple[str, str, str]]) -> None:
    found = [(u, p, t, b) for u, p, t in served if (b := bad_punctuation(t))]
    assert not found, f"half-width punctuation in Chinese text:\n{_report(found)}"


def test_the_national_list_says_where_it_comes_from_in_words(client: Any) -> None:
    """The provenance a resident reads names the State Council document, and says it is a demo selection."""
    national = next(i for i in client.get("/api/v1/lists").get_json()["items"] if i["code"] == "kstb-national")
    version = client.get("/api/v1/lists/kstb-national/versions/1").get_json()
    for text in (national["provenance"], version["provenance"]):
        assert "国办发〔2020〕35号" in text and "演示" in text, text
