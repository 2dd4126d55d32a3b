"""Hand-made reports for rule tests: a consistent report from a flat dict, plus overrides."""
from __future__ import annotations

from gongkai.model import Location, Paragraph, Report, Section, SECTION_NUMERALS, SECTION_TITLES, from_flat
from gongkai.model import fields as F

# column -> {row: n}; rows not listed are 0. Every column balances.
_T3 = {
    "natural": {"new": 5, "carried_over": 1, "granted": 2, "partial": 1, "unable.not_held": 1,
                "rejected.repeat": 1, "total": 5, "carry_forward": 1},
    "commercial": {"new": 2, "granted": 2, "total": 2},
}
_T4 = {"review": {"upheld": 1, "pending": 1, "total": 2}}
_T2 = {
    "2019": {"t2.normative.made": 3, "t2.normative.published": 3, "t2.normative.public_total": 10,
             "t2.licensing.prev_items": 4, "t2.licensing.delta": "+2", "t2.licensing.decisions": 30,
             "t2.procurement.projects": 2, "t2.procurement.amount": "12.5万元"},
    "2021": {"t2.normative.issued": 2, "t2.normative.repealed": 1, "t2.normative.in_force": 9,
             "t2.licensing.decisions": 30, "t2.fees.amount": 1.5},
}
TEXT = {
    1: ["（一）主动公开情况。全年主动公开政府信息120条，其中网站发布100条，微信发布20条。",
        "（二）依申请公开情况。本年共收到政府信息公开申请7件，上年结转1件，均按期答复。"],
    2: [], 3: [], 4: ["本年度因政府信息公开被申请行政复议2件。"],
    5: ["存在的问题是公开形式单一。下一步将加强培训。"],
    6: ["无。"],
}


def flat(fmt: str = "2019", single_other: bool = False) -> dict:
    """A consistent flat export of a report in ``fmt``."""
    out: dict = {}
    for fid in F.table_fields(fmt, single_other):
        table, row, col = F.split_field(fid)
        if table == "t2":
            out[fid] = 0
        elif table == "t3":
            if col == "total":
                out[fid] = sum(_T3.get(c, {}).get(row, 0) for c in F.T3_APPLICANT_COLUMNS)
            else:
                out[fid] = _T3.get(col, {}).get(row, 0)
        else:
            out[fid] = _T4.get(row, {}).get(col, 0)
    out.update(_T2[fmt])
    return out


def make_report(fmt: str = "2019", year: int | None = None, overrides: dict | None = None, *,
                single_other: bool = False, text: dict | None = None, headings: dict | None = None,
                drop: tuple[str, ...] = ()) -> Report:
    """A report in ``fmt`` whose tables all add up; ``overrides`` replace flat values (None = blank),
    ``drop`` removes cells entirely (not printed/not read), ``text`` replaces section paragraphs."""
    year = year or (2020 if fmt == "2019" else 2022)
    values = flat(fmt, single_other)
    values.update(overrides or {})
    rep = Report(source="t.txt", agency="某某市某某局", year=year, format=fmt, single_other=single_other)
    order = list(F.table_fields(fmt, single_other))
    for i, (fid, v) in enumerate(values.items()):
        if fid in drop:
            continue
        row = order.index(fid) if fid in order else 900 + i
        rep.values[fid] = from_flat(fid, v, Location(file="t.txt", table=2, row=row, col=1))
    body = dict(TEXT)
    body.update(text or {})
    line = 1
    for n in range(1, 7):
        heading = (headings or {}).get(n, f"{SECTION_NUMERALS[n - 1]}、{SECTION_TITLES[n]}")
        if heading is None:
            continue
        sec = Section(n, heading, location=Location(file="t.txt", line=line))
        for t in body[n]:
            line += 1
            p = Paragraph(t, Location(file="t.txt", line=line))
            sec.paragraphs.append(p)
            rep.paragraphs.append(p)
        rep.sections.append(sec)
        line += 1
    return rep
