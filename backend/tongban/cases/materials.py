"""Uploaded materials: size-limited, typed by their content (not by what the client says), stored
encrypted with their SHA-256, downloadable only by whom the policy allows.

Accepted: PDF, JPEG and PNG, recognised by their signatures (ISO 32000 "%PDF-", JPEG SOI FF D8 FF,
the PNG 8-byte signature). A file whose declared type or name says otherwise is refused (415).
Images are re-encoded before they are stored (images.py: metadata and anything hidden after the
image dropped, decompression bombs refused); the row keeps the digest of the stored bytes and of
the upload as it came.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import IO

from flask_babel import gettext as _

from tongban.audit import service as audit
from tongban.cases import access, images, storage
from tongban.cases.models import Case, CaseFile
from tongban.core.db import utcnow
from tongban.core.errors import NotFound, Problem
from tongban.extensions import db

SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
EXTENSIONS = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
GENERIC = {"", "application/octet-stream", "binary/octet-stream"}  # says nothing about the content
MAX_FILES = 50  # per case
OPEN_FOR_FILES = {"draft", "supplement_requested"}


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def safe_name(name: str | None) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    return base[:128] or "file"


def _declared_conflicts(kind: str, declared_type: str | None, filename: str) -> bool:
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared == "image/jpg":
        declared = "image/jpeg"
    if declared not in GENERIC and declared != kind:
        return True
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext in EXTENSIONS:
        return EXTENSIONS[ext] != kind
    return bool(re.fullmatch(r"[a-z][a-z0-9]{0,4}", ext))  # another type's extension: .exe, .docx, .html


def read_checked(stream: IO[bytes], filename: str | None, declared_type: str | None) -> tuple[bytes, str, str]:
    """An upload's bytes, safe name and type: at most the size limit (413), not empty (400), PDF, JPEG or
    PNG by its content, and not named or declared as something else (415). For a case and a bundle alike."""
    limit = storage.max_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        megabytes = round(limit / 1048576, 2)
        raise Problem(413, "payload_too_large", _("A file may be at most %(mb)s MB.", mb=megabytes))
    if not data:
        raise Problem(400, "validation_error", _("Check the fields named in errors."),
                      errors={"file": [_("The file is empty.")]})
    name = safe_name(filename)
    kind = sniff(data[:16])
    if kind is None:
        raise Problem(415, "unsupported_media_type", _("Only PDF, JPEG and PNG files are accepted."))
    if _declared_conflicts(kind, declared_type, name):
        raise Problem(415, "unsupported_media_type",
                      _("The file's content does not match its name or type. Only PDF, JPEG and PNG files are "
                        "accepted."))
    return data, name, kind


def upload(number: str, material: str, stream: IO[bytes], filename: str | None, declared_type: str | None) -> CaseFile:
    case, actor = access.get(number, "case.own", lock=True)
    if case.status not in OPEN_FOR_FILES:
        raise Problem(409, "conflict", _("Materials can be added to a draft, or when a supplement is requested."))
    if material not in {m.name for m in case.matter.materials}:
        raise Problem(400, "validation_error", _("Check the fields named in errors."),
                      errors={"material": [_("This service does not ask for a material of that name.")]})
    if sum(1 for f in case.files if f.removed_at is None) >= MAX_FILES:
        raise Problem(409, "conflict", _("This case already has as many files as allowed. Remove one first."))
    data, name, kind = read_checked(stream, filename, declared_type)
    original = hashlib.sha256(data).hexdigest()
    if kind in images.FORMATS:
        data = images.reencode(data, kind)
    row = CaseFile(case=case, material=material, filename=name, content_type=kind, size=len(data),
                   sha256=hashlib.sha256(data).hexdigest(), original_sha256=original, storage_key=storage.put(data),
                   uploaded_by=actor.label)
    db.session.add(row)
    db.session.flush()
    audit.record("case.file.upload", actor=actor.label, object_type="case", object_id=case.number,
                 data={"file": row.id, "material": material, "sha256": row.sha256, "original_sha256": original,
                       "size": row.size})
    return row


def listing(number: str) -> list[CaseFile]:
    case, _actor = access.get(number)
    return active(case)


def active(case: Case) -> list[CaseFile]:
    return [f for f in case.files if f.removed_at is None]


def _file(case: Case, file_id: int) -> CaseFile:
    row = next((f for f in active(case) if f.id == file_id), None)
    if row is None:
        raise NotFound(_("This case has no such file."))
    return row


def download(number: str, file_id: int) -> tuple[CaseFile, bytes]:
    case, actor = access.get(number, "case.file")
    row = _file(case, file_id)
    data = storage.get(row.storage_key)
    if hashlib.sha256(data).hexdigest() != row.sha256:  # decryption authenticates; this checks the row too
        raise Problem(503, "service_unavailable", _("The stored file could not be read. Please tell the service."))
    audit.record("case.file.download", actor=actor.label, object_type="case", object_id=case.number,
                 data={"file": row.id})
    return row, data


def remove(number: str, file_id: int) -> None:
    case, actor = access.get(number, "case.own", lock=True)
    if case.status not in OPEN_FOR_FILES:
        raise Problem(409, "conflict", _("Materials can be removed from a draft, or when a supplement is requested."))
    row = _file(case, file_id)
    row.removed_at = utcnow()
    storage.delete(row.storage_key)
    audit.record("case.file.remove", actor=actor.label, object_type="case", object_id=case.number,
                 data={"file": row.id})
