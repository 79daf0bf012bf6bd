"""Uploaded images are re-encoded with Pillow before they are stored.

Only the pixels survive: EXIF (GPS position, camera serial), ICC profiles, text chunks and comments
are dropped, and so is anything after the image's end (a ZIP, HTML or PDF appended to a PNG or JPEG
makes a polyglot that other programs would open as that other type). A photo's EXIF orientation is
applied to the pixels first, so it still stands the right way up.

Decompression bombs (a small file that declares a huge image) are refused before any pixel is
decoded: the declared size is checked against a pixel cap (TONGBAN_IMAGE_MAX_PIXELS, default 40
million, above any phone camera or an A4 scan at 600 dpi), and Pillow's own MAX_IMAGE_PIXELS guard
is set to the same cap with its warning treated as an error.

Re-encoding is deterministic, so pixel data could in principle be crafted to compress into a
chosen byte string (the known "payload in IDAT" trick); the output is therefore scanned for the
signatures of the formats a polyglot would pose as, re-encoded once more with other settings if
one appears, and refused if it stays. Downloads are served as attachments with nosniff anyway.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

from flask import current_app, has_app_context
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tongban.core.errors import Problem

DEFAULT_MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = DEFAULT_MAX_PIXELS  # Pillow's own guard, for every use of Pillow in this process
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# What a polyglot poses as: ZIP (and so DOCX/JAR/APK), PDF, HTML/SVG/XML, PHP, a Windows program.
FOREIGN = re.compile(rb"PK\x03\x04|%PDF-|<\s*(?:html|script|svg|iframe|body|\?php|\?xml|!doctype)|MZ\x90\x00",
                     re.IGNORECASE)


def max_pixels() -> int:
    configured = current_app.config["TONGBAN"].extra.get("image_max_pixels") if has_app_context() else None
    return int(configured or DEFAULT_MAX_PIXELS)


def _too_large(cap: int) -> Problem:
    return Problem(413, "payload_too_large", _(
        "This image has too many pixels (at most %(mp)s million). Take the photo or scan at a lower "
        "resolution and upload it again.", mp=round(cap / 1_000_000)))


def _damaged() -> Problem:
    return Problem(415, "unsupported_media_type", _(
        "This image is damaged or is not a real JPEG or PNG file. Save it again as JPEG or PNG and upload it."))


def reencode(data: bytes, kind: str) -> bytes:
    """The image's pixels in a new file of the same type; 413 for too many pixels, 415 if unreadable."""
    cap = max_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[FORMATS[kind]]) as image:
                width, height = image.size
                if width * height > cap or width * height == 0:
                    raise _too_large(cap)
                image.load()  # decodes now: a truncated or corrupt file fails here
                out = _encode(image, kind, attempt=0)
                if FOREIGN.search(out):
                    out = _encode(image, kind, attempt=1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(cap) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError,
            TypeError, ZeroDivisionError):
        raise _damaged() from None
    if FOREIGN.search(out):
        raise Problem(415, "unsupported_media_type", _(
            "This image could not be stored safely. Save it again as JPEG or PNG and upload it."))
    return out


def _encode(image: Image.Image, kind: str, *, attempt: int) -> bytes:
    buf = io.BytesIO()
    if kind == "image/jpeg":
        _jpeg(image, buf, attempt)
    else:
        _png(image, buf, attempt)
    return buf.getvalue()


def _jpeg(image: Image.Image, buf: io.BytesIO, attempt: int) -> None:
    orientation = image.getexif().get(0x0112, 1)
    options: dict[str, Any] = {"quality": 90 - 5 * attempt, "optimize": attempt > 0}
    if orientation not in (1, None) or image.mode not in ("L", "RGB", "CMYK") or attempt:
        clean = ImageOps.exif_transpose(image.convert("RGB") if image.mode not in ("L", "RGB", "CMYK") else image)
    else:
        clean = image  # as decoded: its quantisation tables can be kept, so quality does not drop
        options = {"quality": "keep", "subsampling": "keep"}
    clean.info = {}  # Pillow carries comments and the ICC profile over from `info`; the pixels only
    clean.save(buf, format="JPEG", exif=b"", **options)


def _png(image: Image.Image, buf: io.BytesIO, attempt: int) -> None:
    if image.mode == "P" and "transparency" in image.info:
        clean = image.convert("RGBA")  # the transparency lives in `info`, which is dropped
    elif image.mode in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        clean = image.copy()
    else:
        clean = image.convert("RGBA")
    clean.info = {}
    clean.save(buf, format="PNG", compress_level=(6, 9)[attempt])
