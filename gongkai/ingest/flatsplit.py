"""Cutting a run of flattened values into cells (压平表格的拆分): spaces, glued digits, identities.

The values after a row label are *tokens* (runs without white space). A row of ``n`` cells is:

* ``n`` tokens — one cell each (as printed);
* more tokens — stray spaces inside numbers (``30 01``): adjacent tokens are joined back;
* fewer tokens — glued cells (``3000025``): tokens are cut, never across a space; when no cut
  gives valid cells, blanks that the flattening dropped are placed instead.

Every way of cutting is enumerated under the cell grammar of its column (a count has no leading
zero except a lone ``0``; a 本年增/减 delta may carry a sign; an amount may have decimals and a
unit ``元``/``万元``; ``/ — -`` are not-applicable marks) and then filtered by the row's
accounting identities (a Table 3 row's 总计 = its six applicant columns; a Table 4 group's 总计
= its four parts, report-format.md). A cut whose 总计 is a sum is not searched: the sum is
computed and must be what the text says next, so the search stays small; a node budget bounds
the worst case (:data:`BUDGET`), and running out of it is reported, never guessed past.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

BUDGET = 20_000  # search nodes per row
MAX_LISTED = 50  # candidates kept per row (more: the row is undecidable anyway)

_COUNT = re.compile(r"0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+")
_SIGNED = re.compile(r"[+\-]?(?:0|[1-9]\d*)")
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|万|元)?")
_MARK = re.compile(r"[/／—－–―−\-]+")
_FURNITURE = re.compile(r"^[-—－]\s*\d{1,3}\s*[-—－]$|^\d{1,3}/\d{1,3}$")
_PATTERN = {"count": _COUNT, "signed": _SIGNED, "amount": _AMOUNT}


@dataclass(frozen=True)
class Token:
    """A run of value characters without white space, with its text offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Identity:
    """``total`` = sum of ``parts`` (cell indexes of the row)."""

    total: int
    parts: tuple[int, ...]


Cut = tuple[tuple[int, int] | None, ...]  # per cell: text offsets, or None for a dropped blank


@dataclass
class RowSplit:
    """How a row's values were cut. ``how``: printed (one token per cell), digits (one valid cut),
    identities (one cut satisfies the identities), ambiguous, inconsistent (no cut satisfies the
    identities and several are possible), budget (search stopped), none (no valid cut)."""

    how: str
    candidates: list[Cut]
    mode: str = "printed"  # printed | split | merge | blanks

    @property
    def cut(self) -> Cut | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


class _Budget(Exception):
    pass


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The value tokens of ``text[start:end]``: runs between white space, not-applicable marks
    set apart (``0/0``), page furniture (``-3-``, ``3/8``) dropped."""
    out: list[Token] = []
    for m in re.finditer(r"\S+", text[start:end]):
        run, a = m.group(), start + m.start()
        if _FURNITURE.match(run):
            continue
        if _MARK.fullmatch(run):
            out.append(Token(run, a, a + len(run)))
            continue
        for p in re.finditer(r"[/／—－–―]+|[^/／—－–―]+", run):
            out.append(Token(p.group(), a + p.start(), a + p.end()))
    return out


def _valid(text: str, kind: str) -> bool:
    return bool(_PATTERN[kind].fullmatch(text) or _MARK.fullmatch(text))


def _num(text: str) -> float | None:
    m = re.fullmatch(r"([+\-]?)(\d[\d,]*(?:\.\d+)?)(万元|万|元)?", text)
    if not m:
        return None
    v = float(m.group(2).replace(",", ""))
    if m.group(3) == "元":
        v /= 10000
    return -v if m.group(1) == "-" else v


def _check(vals: list[float | None], identities: tuple[Identity, ...]) -> bool:
    """Identities hold; a blank or marked total cannot be checked (it passes), a blank part is 0."""
    for ident in identities:
        t = vals[ident.total]
        if t is None:
            continue
        if abs(sum(vals[i] or 0 for i in ident.parts) - t) > 1e-6:
            return False
    return True


def _segments(n: int, identities: tuple[Identity, ...]) -> list[tuple[int, int, Identity | None]] | None:
    """The row as consecutive segments, each either free cells or parts followed by their total
    (the shape of every identity of the national tables); None for another shape."""
    out: list[tuple[int, int, Identity | None]] = []
    pos = 0
    for ident in sorted(identities, key=lambda x: x.total):
        lo = ident.total - len(ident.parts)
        if ident.parts != tuple(range(lo, ident.total)) or lo < pos:
            return None
        if lo > pos:
            out.append((pos, lo, None))
        out.append((lo, ident.total + 1, ident))
        pos = ident.total + 1
    if pos < n:
        out.append((pos, n, None))
    return out


def enumerate_cuts(toks: list[Token], kinds: tuple[str, ...], identities: tuple[Identity, ...] = (),
                   mode: str = "split", limit: int = MAX_LISTED, budget: int = BUDGET) -> list[Cut]:
    """Every cut of the tokens into ``len(kinds)`` valid cells satisfying ``identities`` (at most
    ``limit``).

    ``mode`` split: cells never cross a space (glued digits are cut); merge: cells only end at
    spaces (stray spaces inside numbers are joined). A segment ending in a total is searched
    from its total: the parts may not exceed it, which keeps the search small. Raises
    :class:`_Budget` past ``budget`` search nodes."""
    s = "".join(t.text for t in toks)
    offs: list[int] = []  # string index → text offset
    bounds = [0]
    for t in toks:
        offs += range(t.start, t.end)
        bounds.append(len(offs))
    L, n = len(s), len(kinds)
    nodes = [0]
    segs = _segments(n, identities) or [(0, n, None)]
    if not _segments(n, identities):
        identities = ()

    def ends(p: int, e: int) -> list[int]:
        """Where a cell starting at ``p`` may end (not past ``e``)."""
        if mode == "merge":
            return [b for b in bounds if p < b <= e]
        nxt = next(b for b in bounds if b > p)
        return list(range(p + 1, min(nxt, e) + 1))

    def starts(e: int, lo: int) -> list[int]:
        """Where a cell ending at ``e`` may start (not before ``lo``)."""
        if mode == "merge":
            return [b for b in bounds if lo <= b < e]
        prv = max(b for b in bounds if b < e)
        return list(range(max(prv, lo), e))

    def tick() -> None:
        nodes[0] += 1
        if nodes[0] > budget:
            raise _Budget

    def free(p: int, e: int, ks: tuple[str, ...], cap: float | None, lim: int) -> list[list[tuple[int, int]]]:
        """Cuts of s[p:e] into cells of kinds ``ks``; with ``cap``: values summing to exactly it."""
        out: list[list[tuple[int, int]]] = []
        cur: list[tuple[int, int]] = []
        # a part is never longer than the total it adds up to (values are not negative)
        width = len(str(int(cap))) if cap is not None and cap >= 0 else None
        if width is not None and e - p > width * len(ks):
            return out

        def rec(i: int, q0: int, acc: float) -> None:
            tick()
            if len(out) >= lim:
                return
            if i == len(ks):
                if q0 == e and (cap is None or abs(acc - cap) < 1e-6):
                    out.append(list(cur))
                return
            if e - q0 < len(ks) - i:
                return
            left = len(ks) - i - 1
            for q in ends(q0, e):
                if e - q < left:
                    break
                if width is not None and e - q > width * left:
                    continue  # what is left could not be cut into parts no longer than the total
                txt = s[q0:q]
                if width is not None and q - q0 > width and txt[:1].isdigit() and "." not in txt:
                    break
                if not _valid(txt, ks[i]):
                    if ks[i] != "amount" and txt[:1] == "0" and len(txt) > 1:
                        break  # a leading zero only grows
                    continue
                v = _num(txt) or 0
                if cap is not None and acc + v > cap + 1e-6:
                    if txt[:1].isdigit():
                        break  # longer is larger
                    continue
                if cap is not None and acc + v + (10 ** (e - q - left + 1) + 9 * left if left else 0) < cap - 1e-6:
                    continue  # what is left could not add up to the total
                cur.append((q0, q))
                rec(i + 1, q, acc + v)
                cur.pop()

        rec(0, p, 0.0)
        return out

    memo: dict[tuple[int, int, int], list[list[tuple[int, int]]]] = {}

    def seg_cuts(j: int, p: int, e: int, lim: int) -> list[list[tuple[int, int]]]:
        key = (j, p, e)
        if key in memo:
            return memo[key]
        lo, hi, ident = segs[j]
        ks = kinds[lo:hi]
        if ident is None:
            res = free(p, e, ks, None, lim)
        else:
            res = []
            for t0 in starts(e, p + len(ks) - 1):
                tick()
                txt = s[t0:e]
                if not _valid(txt, ks[-1]):
                    continue
                target = _num(txt)
                if target is None:
                    continue
                for c in free(p, t0, ks[:-1], target, lim - len(res)):
                    res.append(c + [(t0, e)])
                if len(res) >= lim:
                    break
        memo[key] = res
        return res

    out: list[Cut] = []
    cur: list[tuple[int, int]] = []

    def row(j: int, p: int) -> None:
        if len(out) >= limit:
            return
        if j == len(segs):
            if p == L:
                out.append(tuple((offs[a], offs[b - 1] + 1) for a, b in cur))
            return
        lo, hi, _ = segs[j]
        rest = n - hi
        for e in ([L] if j == len(segs) - 1 else
                  [b for b in range(p + hi - lo, L - rest + 1) if mode != "merge" or b in bounds]):
            tick()
            for c in seg_cuts(j, p, e, limit):
                cur.extend(c)
                row(j + 1, e)
                del cur[len(cur) - len(c):]
                if len(out) >= limit:
                    return

    row(0, 0)
    return out


def blank_placements(toks: list[Token], kinds: tuple[str, ...], identities: tuple[Identity, ...],
                     limit: int = MAX_LISTED) -> list[Cut]:
    """Fewer tokens than cells and no valid cut: the cells a flattening dropped were blank.
    Every placement of the tokens (in order) with the others blank that fits the columns."""
    n, k = len(kinds), len(toks)
    out: list[Cut] = []
    for pos in combinations(range(n), k):
        if not all(_valid(t.text, kinds[i]) for t, i in zip(toks, pos)):
            continue
        vals: list[float | None] = [None] * n
        cut: list[tuple[int, int] | None] = [None] * n
        for t, i in zip(toks, pos):
            vals[i] = _num(t.text)
            cut[i] = (t.start, t.end)
        if _check(vals, identities):
            out.append(tuple(cut))
            if len(out) >= limit:
                break
    return out


def split_row(toks: list[Token], kinds: tuple[str, ...], identities: tuple[Identity, ...] = ()) -> RowSplit:
    """Decide the cells of one row from its tokens (see the module docstring)."""
    n, k = len(kinds), len(toks)
    if k == n:
        return RowSplit("printed", [tuple((t.start, t.end) for t in toks)])
    if k == 0:
        return RowSplit("none", [], "split")
    mode = "merge" if k > n else "split"
    try:
        syntactic = enumerate_cuts(toks, kinds, (), mode, limit=2)
        if not syntactic and mode == "split":
            mode = "blanks"
            syntactic = blank_placements(toks, kinds, (), limit=2)
        if len(syntactic) == 1:
            return RowSplit("digits", syntactic, mode)
        if not syntactic:
            return RowSplit("none", [], mode)
        if not identities:
            return RowSplit("ambiguous", enumerate_cuts(toks, kinds, (), mode) if mode != "blanks"
                            else blank_placements(toks, kinds, ()), mode)
        consistent = (enumerate_cuts(toks, kinds, identities, mode) if mode != "blanks"
                      else blank_placements(toks, kinds, identities))
    except _Budget:
        return RowSplit("budget", [], mode)
    if len(consistent) == 1:
        return RowSplit("identities", consistent, mode)
    if consistent:
        return RowSplit("ambiguous", consistent, mode)
    return RowSplit("inconsistent", [], mode)
