"""Loading report data files (报告数据文件) into a :class:`~gongkai.model.Report`.

Accepted inputs (JSON or YAML, chosen by the extension; ``.xlsx`` is the fill-in workbook, see
:mod:`gongkai.render.xlsx`):

* the data-file form: field ids of ``fields.md`` as keys (``"t3.new.natural": 3``), values a number,
  ``null`` (blank), ``"/"`` or text; narrative sections as Markdown under ``sections`` keyed
  ``一``…``六`` (or ``1``…``6``); optional ``title`` and ``date``;
* the flat export (the same keys without sections);
* the full JSON of ``gongkai parse --format json`` (``Report.to_dict()``).

``meta.format`` defaults from ``meta.year``. Every problem raises :class:`DataError` with a Chinese
message naming the file and the key.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import re
from pathlib import Path
from typing import Any

from ..model import fields as F
from ..model import formats
from ..model.report import SECTION_NUMERALS, SECTION_TITLES, Paragraph, Report, Section, Value
from ..model.values import from_flat

VALUE_KINDS = ("number", "blank", "na", "text")
_EXTRA_KEYS = {"sections", "title", "date"}
_SECTION_KEY = re.compile(r"^\s*([一二三四五六1-6])\s*(?:[、.．]\s*.*)?$")


class DataError(Exception):
    """A data file that cannot be loaded. ``path`` is the file, ``place`` the key (or sheet and
    cell) concerned, ``reason`` a Chinese sentence."""

    def __init__(self, path: str, place: str | None, reason: str):
        self.path = path
        self.place = place
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}" + (f"，{self.place}" if self.place else "")
        return f"{where}：{self.reason}"


# --------------------------------------------------------------------------- entry points


def load(path: str | Path) -> Report:
    """Read a JSON, YAML or XLSX data file into a Report (raises :class:`DataError`)."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise DataError(name, None, "文件不存在")
    if p.is_dir():
        raise DataError(name, None, "这是一个目录，不是数据文件")
    ext = p.suffix.lower()
    if ext == ".xlsx":
        from .xlsx import read_workbook

        return read_workbook(p)
    if ext not in (".json", ".yaml", ".yml"):
        raise DataError(name, None, f"无法识别的数据文件类型“{p.suffix or '（无扩展名）'}”：应为 .json、.yaml、.yml 或 .xlsx")
    raw = p.read_bytes()
    if not raw.strip():
        raise DataError(name, None, "文件是空的")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(name, None, "文件不是 UTF-8 编码的文本") from None
    data = parse_text(text, ext, name)
    return from_data(data, name)


def parse_text(text: str, ext: str, name: str) -> Any:
    if ext == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise DataError(name, f"第{e.lineno}行第{e.colno}列", f"JSON 格式错误（{e.msg}）") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        place = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else None
        raise DataError(name, place, f"YAML 格式错误（{e.problem or e}）") from None
    except yaml.YAMLError as e:
        raise DataError(name, None, f"YAML 格式错误（{e}）") from None


def from_data(data: Any, name: str = "<数据>") -> Report:
    """Build a Report from already-parsed data (dict) of any accepted form."""
    if not isinstance(data, dict):
        raise DataError(name, None, "顶层应为键值对（对象），以字段编号为键")
    if data and all(isinstance(v, dict) and isinstance(v.get("values"), dict) for v in data.values()):
        raise DataError(name, None, f"文件中有 {len(data)} 份报告（gongkai parse 读取多个文件时的输出）：请每次只用一份报告的数据生成")
    if isinstance(data.get("values"), dict) and ("agency" in data or "year" in data or "format" in data):
        return _from_report_dict(data, name)
    return _from_flat(data, name)


# --------------------------------------------------------------------------- metadata


def _year(v: Any, name: str, key: str) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise DataError(name, f"键“{key}”", "报告年度应为整数年份（如 2025）")
    if isinstance(v, str) and re.fullmatch(r"\s*\d{4}\s*年?\s*", v):
        v = int(v.strip().rstrip("年").strip())
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if not isinstance(v, int):
        raise DataError(name, f"键“{key}”", f"报告年度应为整数年份（如 2025），而不是“{v}”")
    if not 2000 <= v <= 2100:
        raise DataError(name, f"键“{key}”", f"报告年度 {v} 不在合理范围（2000–2100）内")
    return v


def _format(v: Any, year: int | None, name: str, key: str) -> str:
    if v is None:
        fmt = F.default_format(year)
        if fmt is None:
            raise DataError(name, "键“meta.year”", "缺少报告年度，无法确定表格格式（请填写 meta.year 或 meta.format）")
        return fmt
    s = str(v).strip()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        s = str(int(v))
    if not formats.known(s):
        ids = formats.ids()
        raise DataError(name, f"键“{key}”", f"表格格式应为 {'、'.join(ids[:-1])} 或 {ids[-1]}，而不是“{v}”")
    return s


def _text(v: Any, name: str, key: str) -> str | None:
    if v is None:
        return None
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        s = str(v).strip()
        return s or None
    raise DataError(name, f"键“{key}”", "应为文字")


def _date(v: Any, name: str) -> str | None:
    if v is None:
        return None
    if isinstance(v, (_dt.date, _dt.datetime)):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, str):
        s = v.strip()
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            try:
                _dt.date(y, mo, d)
            except ValueError:
                raise DataError(name, "键“date”", f"日期“{s}”不存在") from None
            return f"{y}年{mo}月{d}日"
        return s or None
    raise DataError(name, "键“date”", "成文日期应写作 2026-01-20 或 2026年1月20日")


# --------------------------------------------------------------------------- sections


def section_number(key: Any) -> int | None:
    """``一`` / ``1`` / ``一、总体情况`` → 1."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key if 1 <= key <= 6 else None
    m = _SECTION_KEY.match(str(key))
    if not m:
        return None
    ch = m.group(1)
    return int(ch) if ch.isdigit() else SECTION_NUMERALS.index(ch) + 1


def section_heading(number: int) -> str:
    return f"{SECTION_NUMERALS[number - 1]}、{SECTION_TITLES[number]}"


def split_paragraphs(text: str) -> list[str]:
    """Markdown text → blocks separated by blank lines (each block one paragraph)."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [b.strip("\n") for b in blocks if b.strip()]


def _sections(v: Any, name: str) -> list[Section]:
    if v is None:
        return []
    items: list[tuple[Any, Any]]
    if isinstance(v, dict):
        items = list(v.items())
    elif isinstance(v, list):
        items = []
        for i, s in enumerate(v):
            if not isinstance(s, dict) or "number" not in s:
                raise DataError(name, f"sections 第{i + 1}项", "应为含 number 和 text 的对象")
            items.append((s.get("number"), s.get("text")))
    else:
        raise DataError(name, "键“sections”", "应为以 一…六 为键、Markdown 文字为值的对象")
    out: dict[int, Section] = {}
    for key, text in items:
        n = section_number(key)
        if n is None:
            raise DataError(name, f"sections 键“{key}”", "不是报告的章节：应为 一、二、三、四、五、六 之一")
        if n in out:
            raise DataError(name, f"sections 键“{key}”", f"第{SECTION_NUMERALS[n - 1]}部分重复出现")
        if text is None:
            text = ""
        if not isinstance(text, (str, int, float)) or isinstance(text, bool):
            raise DataError(name, f"sections 键“{key}”", "章节内容应为 Markdown 文字")
        out[n] = Section(n, section_heading(n), [Paragraph(t) for t in split_paragraphs(str(text))])
    return [out[n] for n in sorted(out)]


# --------------------------------------------------------------------------- values


def _check_field(fid: str, fmt: str, year: int | None, name: str) -> None:
    if not F.is_known_field(fid):
        raise DataError(name, f"键“{fid}”", "未知的字段编号（见 fields.md）")
    if not formats.has_tables(fmt):
        raise DataError(name, f"键“{fid}”", f"表格格式为 {fmt}（{year or ''}年度，2019 年以前的格式没有统一表格），不应有表格字段")
    if fid not in F.table_fields(fmt) and fid not in F.table_fields(fmt, single_other=True):
        other = next((o.id for o in formats.others(formats.get(fmt)) if fid in o.table_fields()), None)
        why = f"这是 {other} 格式的字段" if other else "不属于该格式"
        yr = f"{year}年度报告使用" if year else "报告使用"
        raise DataError(name, f"键“{fid}”", f"{yr} {fmt} 格式的表格，{why}（{F.field_label(fid)}）")


def _single_other(fids: set[str], fmt: str, name: str) -> bool:
    v = formats.get(fmt).variant("single_other")
    if v is None:
        return False
    single = {f for f in fids if f.startswith("t3.") and F.split_field(f)[1] == v.row.id}
    sub = {f for f in fids if F.split_field(f)[1] in formats.get(fmt).collapsed(v.name)}
    if single and sub:
        raise DataError(name, f"键“{sorted(single)[0]}”",
                        "（六）其他处理不能既按一行（t3.other.*）又按三个子项（t3.other.no_correction 等）填写")
    return bool(single)


def _flat_value(fid: str, v: Any, name: str) -> Value:
    if isinstance(v, bool) or not (v is None or isinstance(v, (int, float, str))):
        kind = type(v).__name__
        raise DataError(name, f"键“{fid}”", f"值的类型不对（{kind}）：应为数字、null（空白）、\"/\" 或文字")
    if isinstance(v, float) and not math.isfinite(v):
        raise DataError(name, f"键“{fid}”", f"值不是有效的数字（{v}）")
    value = from_flat(fid, v)
    if fid in F.AMOUNT_FIELDS and value.kind == "number" and value.unit is None:
        value.unit = "万元"  # amounts in data files are in 万元 (fields.md)
    return value


def _from_flat(data: dict, name: str) -> Report:
    year = _year(data.get("meta.year"), name, "meta.year")
    fmt = _format(data.get("meta.format"), year, name, "meta.format")
    agency = _text(data.get("meta.agency"), name, "meta.agency")
    values: dict[str, Value] = {}
    fids = set()
    for key in data:
        if not isinstance(key, str):
            raise DataError(name, f"键“{key}”", "键应为字段编号（文字）")
        if key in F.META_FIELDS or key in _EXTRA_KEYS:
            continue
        _check_field(key, fmt, year, name)
        fids.add(key)
    single = _single_other(fids, fmt, name)
    for fid in F.table_fields(fmt, single):
        if fid in data:
            values[fid] = _flat_value(fid, data[fid], name)
    return _finish(Report(source=name, agency=agency, year=year, format=fmt, values=values,
                          sections=_sections(data.get("sections"), name),
                          title=_text(data.get("title"), name, "title"), single_other=single,
                          date=_date(data.get("date"), name)))


def _finish(report: Report) -> Report:
    """Every rendered document prints all six section headings: the Report says so too."""
    have = {s.number for s in report.sections}
    report.sections += [Section(n, section_heading(n), []) for n in range(1, 7) if n not in have]
    report.sections.sort(key=lambda s: s.number)
    report.paragraphs = [p for s in report.sections for p in s.paragraphs]
    return report


def _from_report_dict(data: dict, name: str) -> Report:
    year = _year(data.get("year"), name, "year")
    fmt = _format(data.get("format"), year, name, "format")
    agency = _text(data.get("agency"), name, "agency")
    raw_values = data.get("values") or {}
    single = bool(data.get("single_other"))
    values: dict[str, Value] = {}
    for fid, d in raw_values.items():
        _check_field(fid, fmt, year, name)
        if not isinstance(d, dict):
            raise DataError(name, f"values 键“{fid}”", "应为含 raw、kind、value 的对象")
        kind = d.get("kind", "number")
        if kind not in VALUE_KINDS:
            raise DataError(name, f"values 键“{fid}”", f"kind 应为 {'、'.join(VALUE_KINDS)} 之一，而不是“{kind}”")
        v = d.get("value")
        if kind == "number" and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise DataError(name, f"values 键“{fid}”", f"kind 为 number 时 value 应为数字，而不是“{v}”")
        if kind == "blank":
            v = None
        elif kind == "na":
            v = "/"
        elif kind == "text" and not isinstance(v, str):
            v = "" if v is None else str(v)
        raw = d.get("raw")
        values[fid] = Value(fid, None if raw is None else str(raw), kind, v, unit=d.get("unit"))
    if formats.get(fmt).variant("single_other") is None:
        single = False
    elif not single:
        single = _single_other(set(values), fmt, name)
    keep = set(F.table_fields(fmt, single))
    for fid in values:
        if fid not in keep:
            raise DataError(name, f"values 键“{fid}”",
                            "与 single_other 的设置不符（（六）其他处理是一行还是三个子项）")
    sections = []
    raw_sections = data.get("sections") or []
    if not isinstance(raw_sections, list):
        raise DataError(name, "键“sections”", "应为章节列表")
    for i, s in enumerate(raw_sections):
        if not isinstance(s, dict):
            raise DataError(name, f"sections 第{i + 1}项", "应为含 number、heading、text 的对象")
        n = section_number(s.get("number"))
        if n is None:
            raise DataError(name, f"sections 第{i + 1}项", f"章节序号“{s.get('number')}”应为 1–6")
        text = s.get("text") or ""
        paras = [Paragraph(t) for t in str(text).split("\n") if t.strip()]
        sections.append(Section(n, s.get("heading") or section_heading(n), paras))
    return _finish(Report(source=data.get("source") or name, agency=agency, year=year, format=fmt, values=values,
                          sections=sections, title=_text(data.get("title"), name, "title"), single_other=single,
                          date=_date(data.get("date"), name)))
