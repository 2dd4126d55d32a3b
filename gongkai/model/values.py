"""Reading one cell (单元格取值): number, blank, not-applicable mark or text.

A blank is not a zero. ``/ ／ — - －`` mean "not applicable" and are kept as ``"/"``.
Signed deltas (本年增/减) keep their sign; amounts (采购总金额, 本年收费金额) are converted
to 万元 from the unit written in the cell (or the header). Anything else that is not a valid
number for the cell is kept as text, exactly as written, for the rules to report.
"""
from __future__ import annotations

import re
import unicodedata

from . import fields as F
from .report import Location, Value

NA_MARKS = frozenset({"/", "／", "—", "-", "－", "——", "--", "−", "\\", "–", "―"})
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_NUMBER = re.compile(r"^([+\-]?)(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)$")
_AMOUNT = re.compile(r"^([+\-]?)(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万元|万|元|千元|亿元)?$")
_UNIT_FACTOR = {"万元": 1.0, "万": 1.0, "元": 1e-4, "千元": 0.1, "亿元": 1e4}


def clean(text: str | None) -> str:
    """NFKC-normalise and drop all white space (full-width digits and signs become ASCII)."""
    if text is None:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def _num(s: str) -> int | float:
    s = s.replace(",", "")
    if "." in s:
        f = float(s)
        return f
    return int(s)


def interpret(field_id: str, raw: str | None, location: Location | None = None,
              header_unit: str | None = None) -> Value:
    """Turn the text of a cell into a :class:`Value` for ``field_id``.

    ``header_unit`` is the unit printed in the column header (``万元`` in the 2021 fee column,
    ``（万）`` in some 2019 procurement headers); a unit in the cell wins over it.
    """
    if raw is None:
        return Value(field_id, None, "blank", None, location)
    if raw.isascii() and raw.isdigit() and field_id not in F.AMOUNT_FIELDS:  # fast path: most cells
        return Value(field_id, raw, "number", int(raw), location)
    if not raw:  # fast path: an empty cell
        return Value(field_id, raw, "blank", None, location)
    s = clean(raw)
    if s == "":
        return Value(field_id, raw, "blank", None, location)
    if s in NA_MARKS or set(s) <= {"/", "-", "—", "－", "／"}:
        return Value(field_id, raw, "na", "/", location)
    if field_id in F.AMOUNT_FIELDS:
        m = _AMOUNT.match(s)
        if m:
            sign, digits, unit = m.groups()
            n = _num(digits)
            if sign == "-":
                n = -n
            unit_used = unit or header_unit
            factor = _UNIT_FACTOR.get(unit_used or "万元", 1.0)
            v = n * factor
            v = round(v, 6)
            if isinstance(v, float) and v.is_integer() and not isinstance(n, float):
                v = int(v)
            return Value(field_id, raw, "number", v, location, unit=unit, header_unit=header_unit)
        return Value(field_id, raw, "text", raw.strip(), location)
    m = _NUMBER.match(s)
    if m:
        sign, digits = m.groups()
        n = _num(digits)
        if sign == "-":
            n = -n
        return Value(field_id, raw, "number", n, location)
    return Value(field_id, raw, "text", raw.strip(), location)


def number_value(field_id: str, n: int | float | None, location: Location | None = None) -> Value:
    """A value made from a number (register, data files): ``None`` is a blank."""
    if n is None:
        return Value(field_id, "", "blank", None, location)
    return Value(field_id, str(n), "number", n, location)


def from_flat(field_id: str, v, location: Location | None = None) -> Value:
    """A value from a flat-export value (JSON number, null, ``"/"`` or text)."""
    if v is None:
        return Value(field_id, "", "blank", None, location)
    if isinstance(v, bool):
        return Value(field_id, str(v), "text", str(v), location)
    if isinstance(v, (int, float)):
        return Value(field_id, str(v), "number", v, location)
    return interpret(field_id, str(v), location)
