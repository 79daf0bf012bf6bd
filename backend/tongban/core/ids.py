"""Identifiers whose check characters the law defines, implemented exactly.

- 公民身份号码 GB 11643-1999: 17 digits + ISO 7064 MOD 11-2 check ("X" for 10).
- 统一社会信用代码 GB 32100-2015: 18 characters over a 31-symbol alphabet, weights 3^(i-1) mod 31.
- 电子证照标识 GB/T 36904-2018: 1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>,
  check = ISO/IEC 7064 MOD 37,36 (hybrid) over the parts without dots.
Test vectors from the standards and real identifiers: tests/unit/test_ids.py.
"""

from __future__ import annotations

import re
from datetime import date

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
USCC_FORMAT = re.compile(r"^[1-9ANY][1-59]\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
A36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ELICENCE_ROOT = "1.2.156.3005.2"


def id_number_problem(value: str) -> str | None:
    """None when valid, else which rule failed: 'format', 'birth_date' or 'check_digit'."""
    s = value.strip().upper()
    if len(s) != 18 or not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        return "format"
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return "birth_date"
    if born.year < 1880 or born > date.today():
        return "birth_date"
    if ID_CHECK[sum(int(c) * w for c, w in zip(s, ID_WEIGHTS, strict=False)) % 11] != s[17]:
        return "check_digit"
    return None


def uscc_problem(value: str) -> str | None:
    """None when valid, else 'format' or 'check_digit'."""
    s = value.strip().upper()
    if not USCC_FORMAT.match(s):
        return "format"
    r = 31 - sum(USCC_ALPHABET.index(c) * w for c, w in zip(s, USCC_WEIGHTS, strict=False)) % 31
    return None if USCC_ALPHABET[0 if r == 31 else r] == s[17] else "check_digit"


def mod37_36(body: str) -> str:
    """ISO/IEC 7064 MOD 37,36 hybrid check character over [0-9A-Z]."""
    p = 36
    for ch in body:
        t = (p + A36.index(ch)) % 36 or 36
        p = (t * 2) % 37
    return A36[(37 - p) % 36]


def elicence_problem(value: str) -> str | None:
    if not value.startswith(ELICENCE_ROOT + "."):
        return "format"
    parts = value.split(".")
    body = "".join(parts[5:-1])
    if len(parts) != 10 or not re.fullmatch(r"[0-9A-Z]+", body) or len(parts[-1]) != 1:
        return "format"
    return None if mod37_36(body) == parts[-1] else "check_digit"
