"""Draw a receipt as an A4 PDF with ReportLab (a maintained PDF library from PyPI).

Chinese text uses ReportLab's built-in CID font STSong-Light (Adobe-GB1, Unicode UCS-2 encoding): it
needs no font file, so `make run` on a fresh machine makes the same PDF as CI, and the PDF stays a
few kilobytes. The font is named, not embedded, as ISO 32000 allows for the standard Adobe CJK
collections: every reader with Chinese support draws it with its own Song/Ming face (Acrobat's font
packs, pdf.js's CMaps, poppler and pdfium through the system's CJK fonts), and text stays
extractable and searchable. The alternative, embedding a subset of a TrueType font, would need a
font file that no PyPI package ships and Debian's Noto CJK is OpenType/CFF, which ReportLab cannot
embed. Traditional characters are in Adobe-GB1 too, so zh_Hant receipts render.

The QR is drawn as vector squares from the `qrcode` library's module matrix: sharp at any print size.
"""

from __future__ import annotations

import io
import re
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
MARGIN = 20 * mm
QR_SIZE = 45 * mm
TOKENS = re.compile(r"[0-9A-Za-z_@./:*+\-]+|\s+|.")


def qr_matrix(data: str, level: int = ERROR_CORRECT_M) -> list[list[bool]]:
    """The QR's modules, quiet zone included (ISO/IEC 18004: 4 modules)."""
    code = qrcode.QRCode(error_correction=level, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def _qr(pdf: Canvas, data: str, x: float, y: float, size: float, level: int = ERROR_CORRECT_M) -> None:
    matrix = qr_matrix(data, level)
    cell = size / len(matrix)
    pdf.setFillColorRGB(0, 0, 0)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                pdf.rect(x + col * cell, y + size - (row + 1) * cell, cell, cell, stroke=0, fill=1)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy line breaking that works for Chinese (no spaces between words): Latin words and numbers
    stay whole, a break may fall between any two Han characters, and no line starts with a space."""
    lines: list[str] = []
    line = ""
    for token in TOKENS.findall(text):
        if stringWidth(line + token, FONT, size) <= width or not line:
            line += token
            continue
        lines.append(line.rstrip())
        line = token.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _lines(pdf: Canvas, text: str, x: float, y: float, width: float, size: float) -> float:
    pdf.setFont(FONT, size)
    for line in wrap(text, size, width):
        pdf.drawString(x, y, line)
        y -= size * 1.5
    return y


def render(content: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    pdf = Canvas(buf, pagesize=A4, pageCompression=1)
    pdf.setTitle(content["meta_title"])
    pdf.setCreator("Tongban 通办")
    width, height = A4
    text_width = width - 2 * MARGIN
    pdf.setFont(FONT, 20)
    pdf.drawCentredString(width / 2, height - MARGIN - 10 * mm, content["title"])
    y = height - MARGIN - 25 * mm
    label_width = 38 * mm
    for label, value in content["rows"]:
        pdf.setFont(FONT, 11)
        pdf.drawString(MARGIN, y, label)
        y = _lines(pdf, value, MARGIN + label_width, y, text_width - label_width, 11) - 2 * mm
    y -= 4 * mm
    y = _lines(pdf, content["how"], MARGIN, y, text_width, 10.5) - 4 * mm
    _qr(pdf, content["qr"], (width - QR_SIZE) / 2, y - QR_SIZE, QR_SIZE, content.get("qr_level", ERROR_CORRECT_M))
    pdf.setFont(FONT, 9)
    pdf.drawCentredString(width / 2, y - QR_SIZE - 6 * mm, content["qr_caption"])
    _lines(pdf, content["footer"], MARGIN, MARGIN, text_width, 8)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
