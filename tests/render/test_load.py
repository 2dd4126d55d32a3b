"""Data files → Report: the three accepted forms and the Chinese messages for bad input."""
from __future__ import annotations

import json

import pytest

from gongkai.model import fields as F
from gongkai.render import DataError, load
from gongkai.render.sample import random_report


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_examples_load_complete(examples_dir):
    r21 = load(examples_dir / "report-2021.yaml")
    assert (r21.agency, r21.year, r21.format, r21.date) == ("示例市交通运输局", 2025, "2021", "2026年1月20日")
    assert set(r21.flat()) == set(F.all_fields("2021"))
    assert all(v is not None for v in r21.flat().values())  # the example fills every cell
    assert [s.number for s in r21.sections] == [1, 2, 3, 4, 5, 6]
    r19 = load(examples_dir / "report-2019.json")
    assert r19.format == "2019" and r19.number("t2.procurement.amount") == 638.11
    assert r19.get("t2.other_services.delta").value == "/"
    assert r19.number("t2.licensing.delta") == -3


def test_format_defaults_from_year(tmp_path):
    r = load(_write(tmp_path, "a.json", json.dumps({"meta.agency": "某局", "meta.year": 2020, "t2.rules.made": 1})))
    assert r.format == "2019"
    r = load(_write(tmp_path, "b.yaml", "meta.agency: 某局\nmeta.year: 2023\nt2.rules.issued: 2\n"))
    assert r.format == "2021" and r.number("t2.rules.issued") == 2


def test_values_blank_na_text_kept(tmp_path):
    data = {"meta.agency": "某局", "meta.year": 2024, "t3.new.natural": None, "t2.rules.issued": "/",
            "t3.new.commercial": "21654145元", "t3.new.research": 0}
    r = load(_write(tmp_path, "a.json", json.dumps(data, ensure_ascii=False)))
    flat = r.flat()
    assert flat["t3.new.natural"] is None and r.get("t3.new.natural").kind == "blank"
    assert flat["t2.rules.issued"] == "/"
    assert flat["t3.new.commercial"] == "21654145元" and r.get("t3.new.commercial").kind == "text"
    assert flat["t3.new.research"] == 0 and r.get("t3.new.research").kind == "number"


def test_report_dict_and_flat_export_reload(tmp_path):
    import random

    for seed in range(6):
        r = random_report(random.Random(seed))
        p = _write(tmp_path, f"d{seed}.json", json.dumps(r.to_dict(), ensure_ascii=False))
        again = load(p)
        assert again.flat() == r.flat()
        assert [s.text for s in again.sections] == [s.text for s in r.sections]
        q = _write(tmp_path, f"f{seed}.json", json.dumps(r.flat(), ensure_ascii=False))
        assert load(q).flat() == r.flat()


def test_single_other_2021(tmp_path):
    r = load(_write(tmp_path, "a.yaml", "meta.agency: 某局\nmeta.year: 2023\nt3.other.natural: 2\n"))
    assert r.single_other and r.flat()["t3.other.natural"] == 2
    with pytest.raises(DataError) as e:
        load(_write(tmp_path, "b.yaml", "meta.agency: 某局\nmeta.year: 2023\nt3.other.natural: 2\n"
                                        "t3.other.unpaid_fee.natural: 1\n"))
    assert "（六）其他处理" in e.value.message


@pytest.mark.parametrize("text, needle", [
    ('{"meta.year": 2024, "t3.new.natrual": 1}', "键“t3.new.natrual”：未知的字段编号"),
    ('{"meta.year": 2024, "t2.procurement.amount": 1}', "2019 格式的字段"),
    ('{"meta.year": 2020, "t2.rules.issued": 1}', "2021 格式的字段"),
    ('{"meta.year": 2024, "t3.new.natural": [1]}', "值的类型不对"),
    ('{"meta.year": 2024, "t3.new.natural": true}', "值的类型不对"),
    ('{"meta.year": "明年"}', "报告年度应为整数年份"),
    ('{"meta.year": 2024, "meta.format": "2020"}', "表格格式应为"),
    ('{"meta.agency": "某局"}', "缺少报告年度"),
    ('{"meta.year": 2016, "t3.new.natural": 1}', "不应有表格字段"),
    ('{"meta.year": 2024, "sections": {"七": "x"}}', "不是报告的章节"),
    ('{"meta.year": 2024, "date": "2025-02-30"}', "不存在"),
    ('[1, 2]', "顶层应为键值对"),
    ('{"a.txt": {"values": {}}, "b.txt": {"values": {}}}', "文件中有 2 份报告"),
    ('{"meta.year": 2024,', "JSON 格式错误"),
])
def test_bad_json_messages(tmp_path, text, needle):
    p = _write(tmp_path, "bad.json", text)
    with pytest.raises(DataError) as e:
        load(p)
    assert needle in e.value.message
    assert str(p) in e.value.message


def test_bad_yaml_and_files(tmp_path):
    with pytest.raises(DataError) as e:
        load(_write(tmp_path, "bad.yaml", "meta.year: 2024\n  t3: [\n"))
    assert "YAML 格式错误" in e.value.message and "第" in e.value.message
    with pytest.raises(DataError) as e:
        load(tmp_path / "missing.yaml")
    assert "文件不存在" in e.value.message
    with pytest.raises(DataError) as e:
        load(_write(tmp_path, "empty.json", "  \n"))
    assert "文件是空的" in e.value.message
    with pytest.raises(DataError) as e:
        load(_write(tmp_path, "a.csv", "x"))
    assert "无法识别的数据文件类型" in e.value.message
