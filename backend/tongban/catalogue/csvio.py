"""CSV import and export of list versions.

The columns follow the published national list (seq, name, department, modes, deadline), plus an
optional matter_code and note. An import is all or nothing: any bad row and nothing is published;
every bad row is reported with its line number and reason.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from tongban.catalogue import lists, service
from tongban.catalogue.models import ListVersion
from tongban.core.errors import Problem

REQUIRED = ("seq", "name", "department", "modes", "deadline")
COLUMNS = (*REQUIRED, "matter_code", "note")
MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
_MODE_SPLIT = re.compile(r"[;；|、,，\s]+")
# Spreadsheet formula injection (OWASP "CSV Injection"): neutralise cells that a spreadsheet runs.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def parse(data: bytes) -> list[dict[str, Any]]:
    """Rows ready for lists.publish; raises Problem naming every bad row."""
    if len(data) > MAX_BYTES:
        raise Problem(413, "payload_too_large", _("A list file may be at most %(n)s bytes.", n=MAX_BYTES))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Problem(400, "validation_error", _("The file is not UTF-8 text."),
                      {"file": [_("Save the file as UTF-8 CSV.")]}) from exc
    reader = csv.DictReader(io.StringIO(content))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise Problem(400, "validation_error", _("Nothing was imported."),
                      {"header": [_("Missing columns: %(cols)s.", cols=", ".join(missing))]})
    names = service.name_index()
    rows: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            raise Problem(400, "validation_error", _("A list may have at most %(n)s rows.", n=MAX_ROWS))
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        reasons = _row_errors(row, names)
        if reasons:
            errors[f"row {line}"] = reasons
            continue
        matter = names.get(row["name"]) if not row.get("matter_code") else service.get_matter(row["matter_code"])
        assert matter is not None  # checked in _row_errors
        rows.append({"matter_code": matter.code, "modes": _modes(row["modes"]),
                     "deadline": row["deadline"], "note": row.get("note", "")})
    if errors:
        raise Problem(400, "validation_error", _("Nothing was imported."), errors)
    if not rows:
        raise Problem(400, "validation_error", _("Nothing was imported."), {"file": [_("The file has no rows.")]})
    return rows


def _modes(value: str) -> list[str]:
    return [m for m in _MODE_SPLIT.split(value) if m]


def _row_errors(row: dict[str, str], names: dict[str, Any]) -> list[str]:
    reasons = []
    code = row.get("matter_code", "")
    if code:
        if not any(m.code == code for m in names.values()):
            reasons.append(_("Unknown matter code %(code)s.", code=code))
    elif not row.get("name"):
        reasons.append(_("The name is empty."))
    elif row["name"] not in names:
        reasons.append(_("No matter is named %(name)s.", name=row["name"]))
    bad = [m for m in _modes(row.get("modes", "")) if m not in service.MODES]
    if bad:
        reasons.append(_("Unknown modes: %(modes)s.", modes=", ".join(bad)))
    if len(row.get("deadline", "")) > 64:
        reasons.append(_("The deadline is longer than %(n)s characters.", n=64))
    if row.get("seq") and not row["seq"].isdigit():
        reasons.append(_("seq must be a whole number."))
    return reasons


def import_version(code: str, data: bytes, note: str, *, published_at: datetime | None = None,
                   provenance: str = "", actor: str = "cli") -> ListVersion:
    rows = parse(data)
    return lists.publish(code, rows, note, published_at=published_at, provenance=provenance, actor=actor)


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell


def export_version(version: ListVersion) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    departments = {}
    for item in version.items:
        if item.matter_code not in departments:
            try:
                departments[item.matter_code] = service.get_matter(item.matter_code).department.name
            except Problem:
                departments[item.matter_code] = ""
        writer.writerow([_safe(str(v)) for v in (item.seq, item.matter_name, departments[item.matter_code],
                                                 ";".join(item.modes), item.deadline, item.matter_code, item.note)])
    return out.getvalue()
