"""Architecture rule of issue 10: a national format is defined in one place.

A ``"2019"``/``"2021"`` string literal outside ``gongkai/model/formats/`` is a format id written
into code — the pattern that made a new State Council format mean editing twenty files (and
silently treated any unknown format as 2019). Use the format objects instead:
``formats.get(report.format)``, ``formats.for_year(year)``, ``fmt.variant("single_other")``,
``fmt.equations``, ``fmt.telltales``. Years as numbers (``2019``) are data and are fine.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "gongkai"
FORMAT_IDS = {"2019", "2021"}


def format_literals(root: Path = PACKAGE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent)
        if rel.parts[:3] == ("gongkai", "model", "formats"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in FORMAT_IDS:
                out.append(f"{rel}:{node.lineno}: {node.value!r}")
    return out


def test_no_format_id_literal_outside_the_formats_package():
    found = format_literals()
    assert not found, ("format ids written into code (use gongkai.model.formats, see this test's docstring):\n"
                       + "\n".join(found))


def test_the_check_sees_a_literal(tmp_path):
    pkg = tmp_path / "gongkai"
    (pkg / "model" / "formats").mkdir(parents=True)
    (pkg / "model" / "formats" / "x.py").write_text('ID = "2021"\n', encoding="utf-8")
    (pkg / "rules.py").write_text('if fmt == "2021":\n    pass\nYEAR = 2021\nTEXT = f"{y}2021年"\n',
                                  encoding="utf-8")
    assert format_literals(pkg) == ["gongkai/rules.py:1: '2021'"]
