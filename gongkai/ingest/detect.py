"""Detecting what a report is (报告识别): table format, title, body, year, closing date.

* format — ``2019`` / ``2021`` from the tell-tale labels of each national format found in the
  tables (report-format.md); ``pre2019`` for old reports (no national tables);
* title — the first short lines ending in 报告/年报 (a portal's title cell also counts);
* body (``meta.agency``) — the title without year and report name, else the body named in the
  first paragraph (``特发布某某局2020年政府信息公开工作年度报告``), else None;
* year — from the title, the first paragraph, the statistics period, or the most cited year.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..model import Location, formats
from .document import Document, Table, TextBlock
from .labels import block_heading, classify, is_value, nfkc
from .sections import section_heading


# Tell-tale labels of each national format and the markers of old reports, from the formats.
TELLTALES: dict[str, tuple[str, ...]] = {f.id: f.telltales for f in formats.table_formats()}
PRE2019_MARKERS = next(f.markers for f in formats.all_formats() if not f.has_tables)


@lru_cache(maxsize=8192)
def _telltales(n: str) -> tuple[tuple[str, str], ...]:
    return tuple((f.id, w) for f in formats.table_formats() for w in f.telltales if w in n)


def _clear_caches() -> None:
    global TELLTALES
    TELLTALES = {f.id: f.telltales for f in formats.table_formats()}
    _telltales.cache_clear()
    _cell_facts.cache_clear()


formats.on_change(_clear_caches)


@lru_cache(maxsize=16384)
def _cell_facts(text: str) -> tuple[tuple[tuple[str, str], ...], bool, frozenset[str], frozenset[str]] | None:
    """What one table cell says about the format: (tell-tales, an old-style marker,
    Table 2/3 row keys, Table 3 column keys); None for a value or empty cell."""
    n = nfkc(text)
    if not n or is_value(n):
        return None
    old = any(w in n for w in PRE2019_MARKERS[:4])
    m = classify(n)
    rows: frozenset[str] = frozenset()
    cols: frozenset[str] = frozenset()
    if m and m.score >= 95:
        rows = frozenset(lab.key for lab in m.labels if lab.kind in ("t2row", "t3row"))
        cols = frozenset(lab.key for lab in m.labels if lab.kind == "t3col")
    return _telltales(n), old, rows, cols


def detect_format(doc: Document) -> tuple[str | None, list[str], dict[str, int], Location | None]:
    """The table format from tell-tale labels: (format, labels of the other format, counts,
    where the first tell-tale was seen). Format None when the tables show no national table."""
    candidates = sorted(formats.table_formats(), key=lambda f: f.first_year or 0)
    counts = {f.id: 0 for f in candidates}
    seen: dict[str, list[str]] = {f.id: [] for f in candidates}
    first: dict[str, Location | None] = {}
    rows: set[str] = set()
    columns: set[str] = set()
    old_style = False
    for t in doc.tables:
        for c in t.cells():
            facts = _cell_facts(c.text)
            if facts is None:
                continue
            tells, old, row_keys, col_keys = facts
            for fmt, w in tells:
                counts[fmt] += 1
                if w not in seen[fmt]:
                    seen[fmt].append(w)
                first.setdefault(fmt, c.location or t.location)
            old_style = old_style or old
            if row_keys:
                rows |= row_keys
            if col_keys:
                columns |= col_keys
    matrix = {"natural", "commercial", "research"} <= columns
    fmt = formats.by_telltales(counts)  # ties: the earlier format
    if fmt is None and not old_style and (len(rows) >= 5 or (matrix and len(rows) >= 2)):
        fmt = ""  # national tables without tell-tales: decided from the year
    # labels of another format that the chosen one does not print (新旧格式混用)
    mixed = list(dict.fromkeys(w for f in candidates if fmt and f.id != fmt for w in seen[f.id]
                               if w not in formats.get(fmt).telltales)) if fmt else []
    return fmt, mixed, counts, first.get(fmt or "")


# --------------------------------------------------------------------------- metadata

_REPORT_NAME = re.compile(r"(?:关于)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:报告|年报)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}\s*年度?")
_VERB = re.compile(r"^(?:特此|特|现将|现予|现|兹|本机关|我局|我委|我办|我厅|我市|我区|我县)?"
                   r"(?:发布|公布|印发|编制|形成|制定|报送|发表|向社会公布|公开)(?:了|的|如下)?")
_VERB_ANY = re.compile(r"(?:特此|现将|现予)?(?:发布|公布|印发|编制|形成|制定|报送|发表|现将|特将)(?:了|的|如下)?")
_IN_PARAGRAPH = re.compile(
    r"([\u4e00-\u9fff（）()]{2,40}?)((?:19|20)\d{2})\s*年度?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)")


def agency_from_title(title: str) -> str | None:
    """``2019年上海市人民政府办公厅政府信息公开工作年度报告`` → ``上海市人民政府办公厅``."""
    s = re.sub(r"\s+", "", title)
    s = re.sub(r"(?:19|20)\d{2}年度?", "", s)
    s = _CN_YEAR.sub("", s)
    s = re.sub(r"[（(]\s*[)）]", "", s)
    s = re.sub(r"[（(](?:全文|摘要|公开版|修订版?)[)）]$", "", s)
    s = _REPORT_NAME.sub("", s, count=0) if _REPORT_NAME.search(s) else s
    s = s.strip(" 　:：,，、.。-—《》")
    if s.endswith("人民"):
        s += "政府"
    return s or None


_NOISE_WORDS = ("当前位置", "首页>", ">", "›", "»", "字号", "打印本页", "关闭窗口", "浏览次数", "索引号", "发布机构",
                "生成日期", "分享到", "点击数")
_TITLE_PREFIX = re.compile(r"^(?:标题|题名|名称|文件名称|信息名称)\s*[:：]\s*")
_SITE_SUFFIX = re.compile(r"^(.+?)\s*(?:[_|｜]|\s[-—–]\s)\s*\S.*$")
_TITLE_END = re.compile(r"(?:报告|年报)(?:[(（][^)）]*[)）])?$")


def _is_noise(text: str) -> bool:
    n = nfkc(text)
    return (n in ("正文", "全文", "附件") or n.startswith(("发布日期", "发布时间", "来源", "[image", "[bookmark"))
            or any(w in n for w in _NOISE_WORDS))


def _is_national_table(t: Table) -> bool:
    for c in t.cells():
        if block_heading(c.text):
            return True
        m = None if is_value(c.text) else classify(c.text)
        if m and m.score >= 95 and any(lab.kind in ("t2row", "t3row", "t2info", "t4head") for lab in m.labels):
            return True
    return False


def detect_title(blocks: list) -> tuple[str | None, list[TextBlock]]:
    """The report title: the first short lines (before the report tables and the first
    section heading) ending in 报告/年报; a title cell of a portal's metadata table also counts."""
    cands: list[TextBlock] = []
    original: dict[int, TextBlock] = {}  # cleaned candidate → the block it came from
    for b in blocks[:40]:
        if isinstance(b, Table):
            if _is_national_table(b):
                break
            for c in b.cells():
                t = _TITLE_PREFIX.sub("", c.text.strip())
                if 6 <= len(nfkc(t)) <= 60 and _TITLE_END.search(nfkc(t)) and ("信息公开" in t or "政务公开" in t):
                    cands.append(TextBlock(t, c.location))
            continue
        text = nfkc(b.text)
        if not text:
            continue
        if len(text) > 60 or section_heading(b.text):
            break
        src = b
        if _TITLE_PREFIX.match(b.text.strip()):
            b = TextBlock(_TITLE_PREFIX.sub("", b.text.strip()), b.location)
        site = _SITE_SUFFIX.match(b.text.strip())
        if site and _TITLE_END.search(nfkc(site.group(1))):
            b = TextBlock(site.group(1), b.location)  # 页面标题_网站名
        original[id(b)] = src
        cands.append(b)
        if len(cands) >= 8:
            break
    for k, b in enumerate(cands):
        n = nfkc(b.text)
        if _is_noise(b.text) or not _TITLE_END.search(n):
            continue
        start = k
        while start > 0 and k - start < 2:
            prev = nfkc(cands[start - 1].text)
            if _is_noise(cands[start - 1].text) or len(prev) > 30 or prev.endswith(("。", "：", ":")):
                break
            if _TITLE_END.search(prev):
                break
            start -= 1
        parts = cands[start:k + 1]
        title = "".join(p.text.strip() for p in parts)
        if "信息公开" not in title and "政务公开" not in title and "年度报告" not in title:
            continue
        return title, [original.get(id(p), p) for p in parts]
    return None, []


def detect_meta(doc: Document) -> tuple[str | None, list[TextBlock], str | None, int | None, dict[str, Location]]:
    """Title, its blocks, agency (机关名称), year (报告年度) and where they were found."""
    locs: dict[str, Location] = {}
    title, title_blocks = detect_title(doc.blocks)
    agency = year = None
    if title:
        agency = agency_from_title(title)
        loc = title_blocks[0].location
        if agency and loc:
            locs["meta.agency"] = loc
        m = _YEAR.search(nfkc(title))
        if m:
            year = int(m.group(1))
            if loc:
                locs["meta.year"] = loc
    first_paras = [b for b in doc.blocks[:12] if isinstance(b, TextBlock)][:6]
    if agency is None or year is None:
        for b in first_paras:
            text = re.sub(r"《[^》]*》", "", nfkc(b.text))
            m = _IN_PARAGRAPH.search(text)
            if not m:
                continue
            name = _VERB_ANY.split(m.group(1))[-1]  # the body named after the last verb
            name = _VERB.sub("", name)
            name = re.sub(r"^(?:根据|按照|依据|现|由|是|为|将|对)", "", name)
            if agency is None and len(name) >= 2:
                agency = name
                if b.location:
                    locs["meta.agency"] = b.location
            if year is None:
                year = int(m.group(2))
                if b.location:
                    locs["meta.year"] = b.location
            break
    if year is None:
        year, loc = _year_from_text(doc)
        if year and loc:
            locs["meta.year"] = loc
    return title, title_blocks, agency, year, locs


def _year_from_text(doc: Document) -> tuple[int | None, Location | None]:
    paras = [b for b in doc.blocks if isinstance(b, TextBlock)]
    for b in paras[:40]:
        m = re.search(r"(?:统计期限|统计周期|统计时限|统计期间|统计时间)[^。]{0,12}?((?:19|20)\d{2})年1月1日", nfkc(b.text))
        if m:
            return int(m.group(1)), b.location
    counts: Counter[int] = Counter()
    where: dict[int, Location | None] = {}
    for b in paras[:20]:
        for y in _YEAR.findall(nfkc(b.text)):
            y = int(y)
            if 2000 <= y <= 2040:
                counts[y] += 1
                where.setdefault(y, b.location)
    if not counts:
        return None, None
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return best, where[best]


_DATE_LINE = re.compile(r"^(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
                        r"[一二三四五六七八九十]{1,3}日)$")


def closing_date(doc: Document) -> str | None:
    """成文日期: a line holding only a date among the last paragraphs (``2021年1月20日``)."""
    paras = [b for b in doc.blocks if isinstance(b, TextBlock)][-6:]
    for b in reversed(paras):
        t = re.sub(r"\s+", "", b.text)
        if _DATE_LINE.match(t):
            return t
    return None
