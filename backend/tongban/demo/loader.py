"""Load reference data (regions, the confirmed national list items) and demo data, idempotently.

Reference data comes from shared/data (copied into demo/reference with its provenance README).
Everything else is demo data and is marked demo=True, which the API and PWA show.

Provenance texts reach residents (the guide's 信息来源, a list's 来源): plain Chinese that names the
public source, never a file or a path of this repository (those are in demo/reference/README.md).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from importlib import resources
from typing import Any

from tongban.cases import modes_demo
from tongban.catalogue import csvio, lists, schemas, service
from tongban.catalogue.models import MatterList
from tongban.demo.models import DemoLoad
from tongban.directory import service as directory
from tongban.extensions import db
from tongban.identity import service as identity

NATIONAL = "kstb-national"
NATIONAL_PROVENANCE = (
    "国务院办公厅国办发〔2020〕35号文件附件《全国高频政务服务“跨省通办”事项清单》，共140项；此处只收录公开报道中"
    "已确认名称的20项，供演示使用。主管部门由事项推断，完成时限依据公开报道；原文的序号和办理方式尚未取得，暂缺。")
NATIONAL_PUBLISHED = datetime.fromisoformat("2020-09-29T00:00:00+08:00")


def _data(name: str) -> Any:
    return json.loads(resources.files("tongban.demo").joinpath("data", name).read_text(encoding="utf-8"))


def _reference(name: str) -> Any:
    return resources.files("tongban.demo").joinpath("reference", name)


def data_hash() -> str:
    """One digest of every demo and reference file: loading the same data again is skipped."""
    digest = hashlib.sha256()
    for folder in ("data", "reference"):
        for item in sorted(resources.files("tongban.demo").joinpath(folder).iterdir(), key=lambda f: f.name):
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


def load_all() -> dict[str, int]:
    """Load everything, unless this exact data was loaded before (then nothing changes at all)."""
    digest = data_hash()
    if db.session.get(DemoLoad, digest) is not None:
        return {"unchanged": 1}
    counts = _load_everything()
    db.session.add(DemoLoad(data_hash=digest))
    return counts


def _load_everything() -> dict[str, int]:
    counts: dict[str, int] = {}
    with resources.as_file(_reference("regions.csv")) as path:
        counts["regions"] = directory.load_regions(path)
    counts.update(directory.load_directory(_data("directory.json")))
    matters = _data("matters.json")
    for raw in matters:
        service.upsert_matter(schemas.MatterInput().load({"provenance": _matter_provenance(raw), **raw}))
    counts["matters"] = len(matters)
    counts["list_versions_published"] = _load_lists()
    counts.update(modes_demo.load(_data("modes.json")))  # joint departments, bundles
    counts["demo_accounts"] = _load_accounts()
    return counts


def _load_accounts() -> int:
    data = _data("accounts.json")
    by_key = {p["key"]: identity.upsert_demo_person(p) for p in data["people"]}
    for org in data["organisations"]:
        identity.upsert_organisation(org["name"], org["uscc"], by_key[org["legal_rep"]].person, demo=True)
    from tongban.mandates import demo as mandates_demo

    mandates_demo.load(data.get("mandates", []), by_key)
    from tongban.licences import demo as licences_demo

    licences_demo.load(_data("licences.json"), by_key)
    return len(by_key)


def _national_names() -> set[str]:
    text = _reference("national_kstb_items_confirmed.csv").read_text(encoding="utf-8")
    return {row.split(",")[1] for row in text.splitlines()[1:] if row.strip()}


def _matter_provenance(raw: dict[str, Any]) -> str:
    demo = "办事指南内容为演示数据，非官方发布。"
    if set(raw.get("aliases", [])) & _national_names():
        return "事项名称和主管部门依据国办发〔2020〕35号文件附件的公开报道（出处见“跨省通办”清单）；" + demo
    return demo


def _load_lists() -> int:
    published = 0
    for spec in _data("lists.json"):
        mlist = lists.upsert_list(spec)
        if spec["code"] == NATIONAL:
            if not mlist.versions:
                data = _reference("national_kstb_items_confirmed.csv").read_bytes()
                csvio.import_version(NATIONAL, data, "首批公开报道中已确认的20项", published_at=NATIONAL_PUBLISHED,
                                     provenance=NATIONAL_PROVENANCE, actor="demo")
                published += 1
            _reword_provenance(mlist, NATIONAL_PROVENANCE)
            continue
        for number, version in enumerate(spec.get("versions", []), start=1):
            if len(mlist.versions) >= number:
                continue  # already published: loading again changes nothing
            rows = [{"matter_code": i["matter"], "modes": i.get("modes", []), "deadline": i.get("deadline", ""),
                     "note": i.get("note", "")} for i in version["items"]]
            lists.publish(spec["code"], rows, version.get("note", ""),
                          published_at=datetime.fromisoformat(version["published_at"]),
                          provenance=spec.get("provenance", ""), actor="demo")
            published += 1
        _reword_provenance(mlist, spec.get("provenance", ""))
    return published


def _reword_provenance(mlist: MatterList, text: str) -> None:
    """Versions this loader published earlier carry the provenance wording of their day: give them
    today's (a database loaded before the wording changed must not keep showing a file path)."""
    for version in mlist.versions:
        if version.published_by == "demo" and text and version.provenance != text:
            version.provenance = text
