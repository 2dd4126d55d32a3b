"""The building blocks of a national report format (全国统一格式): rows, columns, blocks,
variants and accounting equations (勾稽关系), as plain frozen dataclasses.

A :class:`Format` is pure data plus the few derivations every consumer needs (its Table 3 rows
in a variant, the field ids it prints, the cells of each equation), so a reader, the rules, the
writers, the fill-in workbook, the roll-up and the register all walk the same definition.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Row:
    """One printed row of a table: its id, label and the ids of its value columns."""

    id: str
    label: str
    columns: tuple[str, ...]
    group: str | None = None  # parent group id, e.g. ``denied`` for （三）不予公开 1…8
    group_label: str | None = None


@dataclass(frozen=True)
class Column:
    id: str
    label: str


@dataclass(frozen=True)
class Block:
    """A Table 2 block, headed by the article item it implements (第二十条第（一）项)."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Variant:
    """A printed variant of Table 3 (表三变体): the sub-rows of ``group`` printed as the one row
    ``row`` (the 2021 format's （六）其他处理 printed as a single row, ``single_other``)."""

    name: str
    group: str
    row: Row


@dataclass(frozen=True)
class T3GridRow:
    """One printed Table 3 row with the spanning labels it opens (see :meth:`Format.t3_grid_rows`)."""

    row: Row
    opens_results: tuple[str, int] | None  # (三、本年度办理结果, rows spanned)
    opens_group: tuple[str, int] | None  # (（三）不予公开, rows spanned)
    sub: bool  # a numbered sub-row of a group


@dataclass(frozen=True)
class Blanks:
    """How an equation treats cells that hold no number (空白不等于0).

    ``skip_unprinted``: an instance whose cells are all absent is skipped (row not printed);
    ``left_required``: the items whose left (total) cell must be filled in — elsewhere a blank
    total is left blank by convention and the instance is skipped (None: required everywhere);
    ``lenient``: items on which an undecidable check with a filled-in left side is skipped."""

    skip_unprinted: bool = False
    left_required: tuple[str, ...] | None = None
    lenient: tuple[str, ...] = ()


@dataclass(frozen=True)
class Equation:
    """An accounting equation (勾稽关系) ``Σ left = Σ right``, once per item of ``over``.

    ``over`` names the items: ``t3.columns`` (every Table 3 column), ``t3.rows`` (every Table 3
    row of the printed variant) or ``t4.groups``. Templates are field ids with ``{item}`` for
    the item and, on the summed side, one of ``{applicant}`` (the applicant columns of Table 3),
    ``{outcome}`` (the outcome rows that （七）总计 sums) or ``{part}`` (the result columns of a
    Table 4 group), which expand to one cell each. ``formula`` is the short text of the check
    printed next to the fill-in workbook's verdicts; ``source`` the legal source."""

    code: str
    title: str
    over: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    blanks: Blanks = field(default_factory=Blanks)
    formula: str = ""
    source: str = ""


@dataclass(frozen=True)
class Format:
    """One national format of the annual report (年度报告格式).

    ``id`` is the value of ``meta.format``; ``first_year``/``last_year`` the report years it
    applies to (None: open). A format without tables (``pre2019``) is recognised but has no
    Table 2–4 catalogue. ``telltales`` are labels that only this format prints (detection);
    ``markers`` words typical of it; ``synonyms`` extra printed forms of labels, as
    ``(kind, key, text)`` for the label matcher."""

    id: str
    name: str
    short_name: str
    first_year: int | None
    last_year: int | None
    t2_blocks: tuple[Block, ...] = ()
    t2_column_labels: dict[str, str] = field(default_factory=dict)
    t3_columns: tuple[Column, ...] = ()
    t3_applicant_columns: tuple[str, ...] = ()
    t3_rows: tuple[Row, ...] = ()
    t3_head_rows: tuple[str, ...] = ()  # rows outside 三、办理结果 (一、二、四 and （七）总计)
    t3_groups: dict[str, str] = field(default_factory=dict)  # group id -> printed label
    variants: tuple[Variant, ...] = ()
    t4_groups: tuple[Column, ...] = ()
    t4_columns: tuple[Column, ...] = ()
    t4_parts: tuple[str, ...] = ()  # the result columns a group's 总计 adds up
    equations: tuple[Equation, ...] = ()
    telltales: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, str, str], ...] = ()
    amount_fields: frozenset[str] = frozenset()
    signed_fields: frozenset[str] = frozenset()
    unit_in_cell: dict[str, str] = field(default_factory=dict)  # field -> unit printed in the cell
    unit_in_header: dict[str, str] = field(default_factory=dict)  # field -> unit printed in its header

    def __hash__(self) -> int:
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Format) and other.id == self.id

    # ------------------------------------------------------------------ years
    @property
    def has_tables(self) -> bool:
        return bool(self.t3_rows)

    def covers(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (self.last_year is None or year <= self.last_year)

    # ------------------------------------------------------------------ Table 3
    @cached_property
    def t3_column_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.t3_columns)

    def variant(self, name: str) -> Variant | None:
        return next((v for v in self.variants if v.name == name), None)

    def rows3(self, single_other: bool = False) -> tuple[Row, ...]:
        """The Table 3 rows as printed, in order; ``single_other`` applies that variant (when the
        format has it): the group's sub-rows give way to the one row, before （七）总计."""
        v = self.variant("single_other") if single_other else None
        if v is None:
            return self.t3_rows
        rows = [r for r in self.t3_rows if r.group != v.group]
        first = next(i for i, r in enumerate(self.t3_rows) if r.group == v.group)
        rows.insert(first, v.row)
        return tuple(rows)

    def t3_grid_rows(self, single_other: bool = False) -> list[T3GridRow]:
        """The Table 3 rows as a table prints them (表三行结构), for every writer and page: each
        row, the 三、本年度办理结果 label it opens (with the number of rows it spans) and the group
        label (（三）不予公开 …) it opens (with its span)."""
        rows = self.rows3(single_other)
        results = [r for r in rows if r.group is not None]
        out: list[T3GridRow] = []
        seen: set[str] = set()
        for row in rows:
            opens_results = (row.group_label or "", len(results)) if results and row is results[0] else None
            opens_group = None
            if row.group in self.t3_groups and row.group not in seen:
                seen.add(row.group)
                opens_group = (self.t3_groups[row.group], sum(1 for r in rows if r.group == row.group))
            out.append(T3GridRow(row, opens_results, opens_group, row.group in self.t3_groups))
        return out

    def collapsed(self, name: str = "single_other") -> tuple[str, ...]:
        """Row ids a variant replaces (the 2021 （六）1–3 for ``single_other``)."""
        v = self.variant(name)
        return tuple(r.id for r in self.t3_rows if v is not None and r.group == v.group)

    def outcome_rows(self, single_other: bool = False) -> tuple[str, ...]:
        """Row ids that （七）总计 sums (办理结果的各项)."""
        return tuple(r.id for r in self.rows3(single_other) if r.id not in self.t3_head_rows)

    def row3(self, row_id: str) -> Row | None:
        for r in self.t3_rows + tuple(v.row for v in self.variants):
            if r.id == row_id:
                return r
        return None

    # ------------------------------------------------------------------ fields
    def table_fields(self, single_other: bool = False) -> tuple[str, ...]:
        """All table field ids, in printed order (Table 2, 3, 4)."""
        out: list[str] = []
        for block in self.t2_blocks:
            for row in block.rows:
                out += [f"t2.{row.id}.{c}" for c in row.columns]
        for row in self.rows3(single_other):
            out += [f"t3.{row.id}.{c}" for c in row.columns]
        for g in self.t4_groups:
            out += [f"t4.{g.id}.{c.id}" for c in self.t4_columns]
        return tuple(out)

    @cached_property
    def all_table_fields(self) -> frozenset[str]:
        """Every field id of the format in any variant."""
        return frozenset(self.table_fields()) | frozenset(self.table_fields(True))

    def t2_columns(self, row_id: str) -> tuple[str, ...]:
        for block in self.t2_blocks:
            for r in block.rows:
                if r.id == row_id:
                    return r.columns
        return ()

    # ------------------------------------------------------------------ equations
    def items(self, over: str, single_other: bool = False) -> tuple[str, ...]:
        if over == "t3.columns":
            return self.t3_column_ids
        if over == "t3.rows":
            return tuple(r.id for r in self.rows3(single_other))
        if over == "t4.groups":
            return tuple(g.id for g in self.t4_groups)
        raise ValueError(f"unknown equation range {over!r}")

    def expansions(self, single_other: bool = False) -> dict[str, tuple[str, ...]]:
        return {"applicant": self.t3_applicant_columns, "outcome": self.outcome_rows(single_other),
                "part": self.t4_parts}

    def side(self, templates: tuple[str, ...], item: str, single_other: bool = False) -> list[str]:
        """The field ids of one side of an equation for one item."""
        exp = self.expansions(single_other)
        out: list[str] = []
        for t in templates:
            name = next((k for k in exp if "{" + k + "}" in t), None)
            if name is None:
                out.append(t.format(item=item))
            else:
                out += [t.format(item=item, **{name: x}) for x in exp[name]]
        return out

    def instances(self, eq: Equation, single_other: bool = False) -> list[tuple[str, list[str], list[str]]]:
        """``(item, left ids, right ids)`` of every instance of an equation."""
        return [(it, self.side(eq.left, it, single_other), self.side(eq.right, it, single_other))
                for it in self.items(eq.over, single_other)]

    def equation(self, code: str) -> list[Equation]:
        return [e for e in self.equations if e.code == code]

    def sum_cells(self, single_other: bool = False) -> list[tuple[str, list[str]]]:
        """``(total cell, its parts)`` of every equation instance whose left side is one cell
        (the 总计 cells the tables derive: row totals, （七）总计, Table 4 group totals)."""
        out = []
        for eq in self.equations:
            if len(eq.left) == 1:
                out += [(left[0], right) for _, left, right in self.instances(eq, single_other) if len(left) == 1]
        return out

    def fill_totals(self, values: dict[str, int | float], single_other: bool = False) -> dict[str, int | float]:
        """``values`` plus every missing total cell, computed from its parts through the equations
        (repeatedly, so a total of totals — （七）总计·总计 — is filled too)."""
        out = dict(values)
        todo = [(t, parts) for t, parts in self.sum_cells(single_other) if t not in out]
        while todo:
            left = [(t, parts) for t, parts in todo if t not in out]
            ready = [(t, parts) for t, parts in left if all(p in out for p in parts)]
            if not ready:
                break
            for t, parts in ready:
                out[t] = sum(out[p] for p in parts)
            todo = [x for x in left if x[0] not in out]
        return out
