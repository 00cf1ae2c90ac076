"""Word files typed by hand to the published layouts (tests/app/importing/typed_word.py builds
them from the examples' text; the checked-in copies are tests/fixtures/word-typed/) import to
the example: everything the Word file prints, as our own Word export's import compares it."""
from __future__ import annotations

import io
import zipfile

import pytest

from app.importing import guess_template, import_workbook
from app.importing.narrative import chapters, heading_key, unnumbered
from app.importing.word import WordTable, read_word
from app.projectfile import load_document
from app.templates import get_template
from tests.app.importing.typed_word import BUILDERS, FIXTURES, document_xml
from tests.conftest import EXAMPLES
from tests.truth import printed


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_typed_word_file_imports_to_its_example(name):
    example = load_document(EXAMPLES / BUILDERS[name][0])
    path = FIXTURES / f"{name}.docx"
    assert guess_template(path) == example.template
    result = import_workbook(path, get_template(example.template))
    assert printed(result.document, "docx", keep_empty=True) == \
        printed(example, "docx", keep_empty=True)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_checked_in_fixture_is_what_the_builder_types(name):
    example = load_document(EXAMPLES / BUILDERS[name][0])
    built = BUILDERS[name][1](example)
    assert document_xml(built) == document_xml((FIXTURES / f"{name}.docx").read_bytes()), \
        "rebuild with: python -m tests.app.importing.typed_word"


def test_word_list_numbering_reads_as_the_number_typed():
    """The fixture's 部门职能 are numbered by Word (w:numPr), its 分项 goals by hand: both read
    as "（1）…"."""
    data = read_word((FIXTURES / "shijiazhuang.docx").read_bytes())
    texts = data.paragraphs()
    example = load_document(EXAMPLES / BUILDERS["shijiazhuang"][0])
    functions = example.department.functions
    assert f"（1）{functions[0]}" in texts and f"（19）{functions[18]}" in texts
    assert "（一）自评的组织工作" in texts and "（五）绩效自评过程" in texts
    assert f"1.{example.self_evaluation.problems[0].title}" in texts


@pytest.mark.parametrize("typed", ["一、总体绩效目标", "（一）总体绩效目标", "1.总体绩效目标",
                                   "1、 总体绩效目标", "(1)总体绩效目标", "十二、总体绩效目标：",
                                   "总体绩效目标"])
def test_a_heading_reads_the_same_however_it_is_numbered(typed):
    assert heading_key(typed) == "总体绩效目标"


def test_an_amount_is_no_list_number():
    assert unnumbered("1.5万元用于…") == (False, "1.5万元用于…")
    assert unnumbered("2023年部门整体绩效目标") == (False, "2023年部门整体绩效目标")


def test_a_contents_list_without_page_numbers_is_not_the_chapter():
    found = chapters(["目录", "一、总体绩效目标", "二、分项绩效目标", "一、总体绩效目标", "正文",
                      "二、分项绩效目标", "（一）科室"], {"总体绩效目标", "分项绩效目标"})
    assert found.body("总体绩效目标") == "正文"
    assert found.items("分项绩效目标") == ("", [("科室", [])])


@pytest.mark.parametrize("name", ["suzhou", "shijiazhuang"])
def test_the_fixture_has_a_table_continued_with_its_heading_row_again(name):
    data = (FIXTURES / f"{name}.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    joined = [i for s in read_word(data).sections for i in s.items if isinstance(i, WordTable)]
    assert xml.count("<w:tbl>") == len(joined) + 1
    assert 'w:type="page"' in xml


def test_a_number_standing_alone_is_an_empty_item():
    """An item left empty prints its number alone ("2、"): an item with no text, not a line
    of the item before it."""
    found = chapters(["分项绩效目标", "1、道路", "2、", "绩效目标：通车", "（3）"], {"分项绩效目标"})
    assert found.items("分项绩效目标") == ("", [("道路", []), ("", ["绩效目标：通车"]), ("", [])])


def test_an_empty_grading_chapter_reads_as_empty_not_as_a_new_reports_text():
    """评价结论和评价等级 holding the score's sentence only: 评价等级的划分 and 评价结论 were
    left empty (a new report's 评价等级的划分 text is not kept)."""
    from forms.hebei_self_eval.importing import read_narrative

    document = get_template("hebei-self-eval").new_document("某局", 2024)
    assert document.self_evaluation is not None and document.self_evaluation.grading_method
    read_narrative(document, ["四、评价结论和评价等级",
                              "我单位2024年度部门整体绩效自评得分90分，评价等级为“优秀”。"])
    assert (document.self_evaluation.grading_method, document.self_evaluation.conclusion,
            document.self_evaluation.grade) == ("", "", "优秀")
