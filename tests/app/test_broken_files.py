"""Every way a file can be broken gets one documented error with a Chinese message; the file
is left exactly as it was."""
import json
import re
from pathlib import Path

import pytest

from app.errors import DocumentLoadError
from app.projectfile import dumps, load_document
from app.templates import get_template

CJK = re.compile(r"[\u4e00-\u9fff]")


def _good() -> dict:
    document = get_template("guizhou-dept-target").new_document("六盘水市自然资源局", 2024)
    return json.loads(dumps(document))


def _with(path: list, value) -> bytes:
    raw = _good()
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(raw, ensure_ascii=False).encode("utf-8")


def _amount(value: str) -> bytes:
    text = json.dumps(_good(), ensure_ascii=False)
    return text.replace('"basic_expense": {"half_year": null, "full_year": null}',
                        f'"basic_expense": {{"half_year": null, "full_year": {value}}}'
                        ).encode("utf-8")


GOOD = dumps(get_template("jiangsu-dept-target").new_document("苏州", 2024)).encode("utf-8")

# name → (file bytes, a word the message must contain, the JSON path when there is one)
BROKEN = {
    "empty file": (b"", "空", ""),
    "only whitespace": (b"  \n\t ", "空", ""),
    "truncated": (GOOD[: len(GOOD) // 2], "截断", ""),
    "cut after one byte": (GOOD[:1], "JSON", ""),
    "not json": (b"PK\x03\x04 this is a zip, not a document", "JSON", ""),
    "not utf-8": ("{\"format\": \"jixiao\"}".encode("utf-16"), "UTF-8", ""),
    "gbk text": ('{"format": "jixiao", "x": "苏州"}'.encode("gbk"), "UTF-8", ""),
    "top-level list": (b"[1, 2, 3]", "顶层", ""),
    "top-level string": (b'"jixiao"', "顶层", ""),
    "wrong format tag": (_with(["format"], "excel"), "不是绩效填报", "format"),
    "missing format tag": (json.dumps({"schema_version": 1}).encode(), "不是绩效填报", "format"),
    "schema_version 999": (_with(["schema_version"], 999), "更新版本", "schema_version"),
    "schema_version 0": (_with(["schema_version"], 0), "格式版本", "schema_version"),
    "schema_version text": (_with(["schema_version"], "1"), "格式版本", "schema_version"),
    "document missing": (json.dumps({"format": "jixiao", "schema_version": 1}).encode(),
                         "缺少文档内容", "document"),
    "document is a list": (_with(["document"], []), "缺少文档内容", "document"),
    "unknown template": (_with(["document", "template"], "shanghai-x"), "未知的模板",
                         "document.template"),
    "year as text": (_with(["document", "year"], "二〇二四"), "整数", "document.year"),
    "year out of range": (_with(["document", "year"], 99999), "不能大于", "document.year"),
    "unit name a number": (_with(["document", "unit_name"], 12), "文字", "document.unit_name"),
    "projects not a list": (_with(["document", "projects"], {"a": 1}), "列表",
                            "document.projects"),
    "unknown field": (_with(["document", "hacked"], True), "无法识别",
                      "document.hacked"),
    "negative amount": (_amount('"-1.00"'), "负数",
                        "document.department.funds.basic_expense.full_year"),
    "NaN amount": (_amount("NaN"), "NaN", ""),
    "Infinity amount": (_amount("Infinity"), "NaN", ""),
    "1e309 amount": (_amount("1e309"), "过大",
                     "document.department.funds.basic_expense.full_year"),
    "12.345 amount": (_amount("12.345"), "两位小数",
                      "document.department.funds.basic_expense.full_year"),
    "amount as words": (_amount('"三千万"'), "数字",
                        "document.department.funds.basic_expense.full_year"),
    "amount as bool": (_amount("true"), "数字",
                       "document.department.funds.basic_expense.full_year"),
    "unit not 元/万元": (_with(["document", "department", "funds", "unit"], "美元"), "取值",
                         "document.department.funds.unit"),
    "duplicate key": (b'{"format": "jixiao", "format": "jixiao"}', "两次", ""),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, "嵌套", ""),
    "deeply nested inside document": (
        b'{"format": "jixiao", "schema_version": 1, "document": {"template": "guizhou-dept-target",'
        b' "unit_name": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}", "嵌套", ""),
    "50 MB string": (_with(["document", "unit_name"], "字" * (50 * 1024 * 1024 // 3)), "过长",
                     "document.unit_name"),
    "control characters in a key": (b'{"for\x00mat": 1}', "JSON", ""),
}


@pytest.fixture(params=sorted(BROKEN), ids=lambda name: name)
def broken(request, tmp_path) -> tuple[Path, str, str]:
    content, word, location = BROKEN[request.param]
    path = tmp_path / "broken.jixiao"
    path.write_bytes(content)
    return path, word, location


def test_broken_file_gets_a_clear_chinese_error_and_stays_untouched(broken):
    path, word, location = broken
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(DocumentLoadError) as info:
        load_document(path)
    error = info.value
    assert word in str(error), str(error)
    assert CJK.search(error.message)
    assert error.location == location
    assert str(path) in str(error)
    assert "Traceback" not in str(error)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["broken.jixiao"]


def test_at_least_twenty_kinds_of_broken_files():
    assert len(BROKEN) >= 20


def test_a_directory_is_not_a_document(tmp_path):
    with pytest.raises(DocumentLoadError, match="文件夹"):
        load_document(tmp_path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DocumentLoadError, match="文件不存在"):
        load_document(tmp_path / "nope.jixiao")


def test_an_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    import app.projectfile as projectfile

    monkeypatch.setattr(projectfile, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.jixiao"
    path.write_bytes(GOOD)
    with pytest.raises(DocumentLoadError, match="文件过大"):
        load_document(path)


def test_an_unreadable_file_says_so(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not stop reading")
    path = tmp_path / "locked.jixiao"
    path.write_bytes(GOOD)
    path.chmod(0)
    with pytest.raises(DocumentLoadError, match="没有读取权限"):
        load_document(path)
