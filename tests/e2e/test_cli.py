"""``jixiao-cli`` as a user's script runs it: real processes, real files, exit codes."""
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from app.templates import template_ids

from tests.conftest import EXAMPLE_FILES, ROOT

# The seeds come first, in the order they came (users' scripts may rely on it); every later
# template follows. The list itself is the registry's.
SEEDS_FIRST = ["jiangsu-dept-target", "hebei-perf-text", "hebei-self-eval", "guizhou-dept-target"]
IDS = template_ids()


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "jixiao", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd or ROOT, timeout=60)


def test_templates_lists_every_template_seeds_first():
    result = cli("templates")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == IDS
    assert IDS[:4] == SEEDS_FIRST
    assert all("\t" in line and line.split("\t")[1] for line in lines)


@pytest.mark.parametrize("template_id", IDS)
def test_new_writes_a_file_that_show_reads(template_id, tmp_path):
    target = tmp_path / f"{template_id}.jixiao"
    result = cli("new", template_id, "-o", target, "--unit", "测试市自然资源局", "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "jixiao"
    shown = cli("show", target)
    assert shown.returncode == 0, shown.stderr
    assert "测试市自然资源局" in shown.stdout and "2025" in shown.stdout
    assert template_id in shown.stdout


def test_new_adds_the_extension_and_refuses_to_overwrite(tmp_path):
    assert cli("new", "hebei-perf-text", "-o", tmp_path / "a").returncode == 0
    target = tmp_path / "a.jixiao"
    before = target.read_bytes()
    again = cli("new", "hebei-perf-text", "-o", target, "--unit", "别的")
    assert again.returncode == 2 and "已存在" in again.stderr and "--force" in again.stderr
    assert target.read_bytes() == before
    forced = cli("new", "hebei-perf-text", "-o", target, "--unit", "别的", "--force")
    assert forced.returncode == 0 and target.read_bytes() != before


def test_new_with_an_unknown_template_names_the_known_ones(tmp_path):
    result = cli("new", "shanghai", "-o", tmp_path / "x.jixiao")
    assert result.returncode == 2
    assert "未知的模板" in result.stderr and "jiangsu-dept-target" in result.stderr
    assert not (tmp_path / "x.jixiao").exists()


def test_show_example_prints_template_unit_year_totals_and_counts():
    result = cli("show", EXAMPLE_FILES["jiangsu"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for expected in ("jiangsu-dept-target", "苏州市自然资源和规划局", "2024",
                     "资金总额：21274.97 万元", "项目支出（全年）：16563.14 万元",
                     "绩效指标：68 条", "项目：0 个"):
        assert expected in out, (expected, out)


def test_show_guizhou_counts_projects_and_converts_their_budget():
    out = cli("show", EXAMPLE_FILES["guizhou"]).stdout
    assert "项目：13 个" in out and "资金总额：42169.41 万元" in out
    assert "项目预算合计" in out


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "excel"}'])
def test_show_unreadable_input_exits_2_with_a_chinese_message(content, tmp_path):
    path = tmp_path / "坏文件.jixiao"
    path.write_bytes(content)
    result = cli("show", path)
    assert result.returncode == 2
    assert "无法打开" in result.stderr and "坏文件.jixiao" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_show_missing_file_and_directory(tmp_path):
    assert cli("show", tmp_path / "无.jixiao").returncode == 2
    result = cli("show", tmp_path)
    assert result.returncode == 2 and "文件夹" in result.stderr


def test_bad_arguments_exit_2_in_chinese():
    result = cli("new", "jiangsu-dept-target")
    assert result.returncode == 2 and "缺少参数" in result.stderr
    assert cli("frobnicate").returncode == 2
    assert cli().returncode == 2


def test_help_and_version():
    result = cli("--help")
    assert result.returncode == 0 and "用法" in result.stdout and "templates" in result.stdout
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("jixiao ")


def test_console_script_is_installed():
    import shutil

    script = shutil.which("jixiao-cli", path=str(ROOT / ".venv" / "bin")) or shutil.which(
        "jixiao-cli")
    if script is None:
        pytest.skip("jixiao-cli is not installed in this environment (pip install -e .)")
    result = subprocess.run([script, "templates"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "hebei-self-eval" in result.stdout


def test_export_writes_all_three_formats_and_never_overwrites(tmp_path):
    out = tmp_path / "导出"
    result = cli("export", EXAMPLE_FILES["jiangsu"], "-o", out)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"苏州市自然资源和规划局_2024年市级部门整体预算绩效目标表.{ext}"
                     for ext in ("docx", "pdf", "xlsx")]
    assert result.stdout.count("已导出") == 3
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    again = cli("export", EXAMPLE_FILES["jiangsu"], "-o", out, "--format", "docx")
    assert again.returncode == 2 and "已存在" in again.stderr and "--force" in again.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    forced = cli("export", EXAMPLE_FILES["jiangsu"], "-o", out, "--format", "docx", "--force")
    assert forced.returncode == 0


def test_export_one_format_and_bad_input(tmp_path):
    result = cli("export", EXAMPLE_FILES["hebei-text"], "-o", tmp_path, "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    assert [p.suffix for p in tmp_path.iterdir()] == [".xlsx"]
    bad_format = cli("export", EXAMPLE_FILES["guizhou"], "-o", tmp_path / "x", "--format", "odt")
    assert bad_format.returncode == 2 and "不支持" in bad_format.stderr
    broken = tmp_path / "坏.jixiao"
    broken.write_text("{", encoding="utf-8")
    unreadable = cli("export", broken, "-o", tmp_path / "y")
    assert unreadable.returncode == 2 and "无法打开" in unreadable.stderr
    assert not (tmp_path / "y").exists()


def _suzhou_off_by_a_cent(tmp_path):
    from decimal import Decimal

    from app.projectfile import load_document, save_document

    document = load_document(EXAMPLE_FILES["jiangsu"])
    document.department.funds.expense_items[3].full_year += Decimal("0.01")
    path = tmp_path / "苏州_改.jixiao"
    save_document(document, path)
    return path


def test_validate_examples_and_json(tmp_path):
    clean = cli("validate", EXAMPLE_FILES["hebei-eval"])
    assert clean.returncode == 0 and "未发现问题" in clean.stdout
    warned = cli("validate", EXAMPLE_FILES["jiangsu"], "--json")
    assert warned.returncode == 0, warned.stderr
    rows = json.loads(warned.stdout)
    assert rows and {"file", "code", "severity", "location", "message"} <= set(rows[0])
    assert {r["severity"] for r in rows} == {"警告"}


def test_validate_a_cent_off_exits_1_naming_both_totals(tmp_path):
    path = _suzhou_off_by_a_cent(tmp_path)
    result = cli("validate", path)
    assert result.returncode == 1
    assert "错误（1）" in result.stdout and "PROJECT_EXPENSE_MISMATCH" in result.stdout
    assert "16563.14" in result.stdout and "16563.15" in result.stdout


def test_validate_unreadable_file_exits_2_but_checks_the_others(tmp_path):
    broken = tmp_path / "坏.jixiao"
    broken.write_text("{", encoding="utf-8")
    result = cli("validate", broken, EXAMPLE_FILES["hebei-eval"])
    assert result.returncode == 2 and "无法打开" in result.stderr
    assert "未发现问题" in result.stdout


def test_export_refuses_a_document_with_errors_unless_forced(tmp_path):
    path = _suzhou_off_by_a_cent(tmp_path)
    out = tmp_path / "out"
    refused = cli("export", path, "-o", out, "--format", "docx")
    assert refused.returncode == 1
    assert "错误" in refused.stderr and "--force" in refused.stderr and "16563.15" in refused.stderr
    assert not out.exists() or not any(out.iterdir())
    forced = cli("export", path, "-o", out, "--format", "docx", "--force")
    assert forced.returncode == 0 and len(list(out.iterdir())) == 1


def test_new_without_year_takes_the_templates_default(tmp_path):
    import datetime

    this_year = datetime.date.today().year
    cli("new", "guizhou-dept-target", "-o", tmp_path / "a.jixiao")
    cli("new", "hebei-self-eval", "-o", tmp_path / "b.jixiao")
    assert f"年度：{this_year + 1}" in cli("show", tmp_path / "a.jixiao").stdout
    assert f"年度：{this_year - 1}" in cli("show", tmp_path / "b.jixiao").stdout


def test_show_prints_what_each_form_has(tmp_path):
    # A form without a money table says nothing of one; a self-evaluation form sums its
    # projects' 预算执行 lines; the money table's lines stay for the forms that have one.
    hunan = cli("show", EXAMPLE_FILES["hunan-dept-target"]).stdout
    sichuan = cli("show", EXAMPLE_FILES["sichuan-project-eval"]).stdout
    suzhou = cli("show", EXAMPLE_FILES["jiangsu"]).stdout
    assert "资金总额" not in hunan and "项目预算合计" not in hunan
    assert "资金总额" not in sichuan and "项目预算合计" not in sichuan
    # The three projects' 总额 lines: 251.89 + 95.00 + 12.00 and 251.89 + 86.40 + 10.26.
    assert "预算执行（各项目总额）：调整后预算 358.89 万元，执行数 348.55 万元" in sichuan
    assert "资金总额：21274.97 万元" in suzhou


def test_a_reader_that_stops_early_is_no_internal_error(tmp_path):
    # `jixiao-cli validate FILE | head -1`: the pipe closes after the first line. The report
    # must be far longer than a pipe's buffer, or the writer may finish before the reader
    # stops and the pipe never breaks: 4,000 rows each missing its 指标值.
    data = json.loads(EXAMPLE_FILES["guizhou"].read_text(encoding="utf-8"))
    table = data["document"]["department"]["indicator_tables"][0]
    table["rows"] += [{"cells": {"level1": "产出指标", "level2": "数量指标",
                                 "name": f"指标{n}"}} for n in range(4000)]
    big = tmp_path / "big.jixiao"
    big.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "jixiao", "validate", str(big)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.readline()
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert "内部错误" not in stderr.decode("utf-8"), stderr.decode("utf-8")
    assert process.returncode == 0


def test_carry_to_next_year_writes_a_new_document_and_leaves_the_source(tmp_path):
    source = EXAMPLE_FILES["jiangsu"]
    before = source.read_bytes()
    out = tmp_path / "苏州2025"
    result = cli("carry", source, "--to", "next-year", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "已结转" in result.stdout and "2025年度" in result.stdout
    assert source.read_bytes() == before
    shown = cli("show", tmp_path / "苏州2025.jixiao")
    assert shown.returncode == 0 and "2025" in shown.stdout
    # The 2025 document asks only for its 半年指标值 (and keeps the 2024 warning).
    report = json.loads(cli("validate", "--json", tmp_path / "苏州2025.jixiao").stdout)
    assert {f["code"] for f in report} == {"INDICATOR_VALUE_EMPTY", "INDICATOR_CATEGORY_EMPTY"}
    again = cli("carry", source, "--to", "next-year", "-o", tmp_path / "苏州2025.jixiao")
    assert again.returncode == 2 and "已存在" in again.stderr


def test_carry_to_self_evaluation_and_its_refusals(tmp_path):
    out = tmp_path / "自评.jixiao"
    result = cli("carry", EXAMPLE_FILES["guizhou"], "--to", "self-eval", "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["document"]["template"] == \
        "national-project-eval"
    refused = {
        "self-evaluation of a self-evaluation": (EXAMPLE_FILES["sichuan-project-eval"],
                                                 "--to", "self-eval"),
        "unknown form": (EXAMPLE_FILES["guizhou"], "--to", "self-eval", "--template", "无此模板"),
        "template for next year": (EXAMPLE_FILES["guizhou"], "--to", "next-year",
                                   "--template", "national-project-eval"),
        "bad destination": (EXAMPLE_FILES["guizhou"], "--to", "last-year"),
    }
    for case, args in refused.items():
        outcome = cli("carry", *args, "-o", tmp_path / f"{case}.jixiao")
        assert outcome.returncode == 2, case
        assert outcome.stderr.strip() and "Traceback" not in outcome.stderr, case
        assert not (tmp_path / f"{case}.jixiao").exists(), case
    same = cli("carry", out, "--to", "next-year", "-o", out, "--force")
    assert same.returncode == 2 and "原文件" in same.stderr


def test_validate_flags_a_wrong_stated_total(tmp_path):
    example = EXAMPLE_FILES["national-project-eval"]
    assert "TOTAL_SCORE_MISMATCH" not in cli("validate", example).stdout
    data = json.loads(example.read_text(encoding="utf-8"))
    evaluation = data["document"]["projects"][2]["evaluation"]
    stated = Decimal(evaluation["score"])
    evaluation["score"] = str(stated - Decimal("1.5"))
    wrong = tmp_path / "总分不对.jixiao"
    wrong.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = cli("validate", "--json", wrong)
    assert result.returncode == 1
    found = [f for f in json.loads(result.stdout) if f["code"] == "TOTAL_SCORE_MISMATCH"]
    assert [f["location"]["path"] for f in found] == ["projects[2].evaluation.score"]
    assert str(stated - Decimal("1.5")) in found[0]["message"] and str(stated) in found[0]["message"]
