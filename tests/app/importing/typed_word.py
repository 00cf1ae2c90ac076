"""Word files typed by hand to the published layouts, built from an example's text the way an
officer types them: Word's own table style, merged cells, blank paragraphs and an empty table
row left in, some lists numbered by hand and others by Word's list numbering (w:numPr), a
table going on across pages with its heading row repeated. ``python -m
tests.app.importing.typed_word`` writes them to tests/fixtures/word-typed/."""
from __future__ import annotations

import io
import tempfile
from datetime import datetime
import zipfile
from pathlib import Path

from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docx.enum.section import WD_SECTION

from app.importing.word_numbering import chinese
from app.model import Project, SpendingPlan, TargetDocument

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "word-typed"
_LISTS = {1: ("chineseCounting", "（%1）"), 2: ("decimal", "（%1）"), 3: ("decimal", "%1.")}


class Typist:
    def __init__(self) -> None:
        self.docx = new_docx()
        numbering = self.docx.part.numbering_part.element
        for ident, (fmt, text) in _LISTS.items():
            abstract = OxmlElement("w:abstractNum")
            abstract.set(qn("w:abstractNumId"), str(100 + ident))
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), "0")
            for name, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
                element = OxmlElement(name)
                element.set(qn("w:val"), value)
                lvl.append(element)
            abstract.append(lvl)
            numbering.insert(0, abstract)
        self.next_list = 200

    def list_of(self, kind: int) -> int:
        """A new list (numId) of the kind: its numbering starts again at one."""
        numbering = self.docx.part.numbering_part.element
        self.next_list += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_list))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), str(100 + kind))
        num.append(abstract)
        numbering.append(num)
        return self.next_list

    def say(self, text: str, style: str | None = None, listed: int | None = None) -> None:
        for line in text.split("\n"):
            paragraph = self.docx.add_paragraph(line, style)
            if listed is not None:
                properties = paragraph._p.get_or_add_pPr()
                num = OxmlElement("w:numPr")
                for name, value in (("w:ilvl", "0"), ("w:numId", str(listed))):
                    element = OxmlElement(name)
                    element.set(qn("w:val"), value)
                    num.append(element)
                properties.insert(0, num)

    def blank(self) -> None:
        self.docx.add_paragraph("")

    def table(self, rows: list[list[str]], header: bool = False):
        table = self.docx.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if header:
            properties = table.rows[0]._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:tblHeader"))
        return table

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.docx.core_properties.created = datetime(2023, 3, 1)
        self.docx.save(buffer)
        return buffer.getvalue()


def shijiazhuang(document: TargetDocument) -> bytes:
    """石家庄 自评报告: headings typed, 部门职能 and the 自评工作 headings numbered by Word."""
    evaluation = document.self_evaluation
    assert evaluation is not None
    department = document.department
    t = Typist()
    t.say(document.unit_name, "Title")
    t.say(f"{document.year}年度整体支出绩效自评报告", "Title")
    t.blank()
    t.say(evaluation.preface)
    t.say("一、部门基本情况", "Heading 1")
    t.say("（一）部门概况", "Heading 2")
    t.say("1、部门职能", "Heading 3")
    functions = t.list_of(2)
    for item in department.functions:
        t.say(item, listed=functions)
    t.blank()
    t.say("2、机构设置", "Heading 3")
    t.say(department.organization)
    t.say("3、资产情况", "Heading 3")
    t.say(evaluation.assets)
    t.say("（二）部门收支预决算情况", "Heading 2")
    for stage in evaluation.budget_stages:
        t.say(stage.text)
        t.blank()
    t.say("（三）部门整体支出绩效目标、指标", "Heading 2")
    t.say("1、整体绩效目标", "Heading 3")
    t.say(department.overall_goal)
    t.say("2、分项绩效目标、指标", "Heading 3")
    for i, goal in enumerate(department.sub_goals, 1):
        t.say(f"（{i}）{goal.title}")
        t.say(f"绩效目标：{goal.goal}")
        t.say(f"绩效指标：{goal.indicators}")
    t.say("二、自评工作开展情况", "Heading 1")
    chapters = t.list_of(1)
    for heading, text in (("自评的组织工作", evaluation.organization),
                          ("绩效自评目的", evaluation.purpose),
                          ("绩效自评内容", evaluation.content)):
        t.say(heading, "Heading 2", listed=chapters)
        t.say(text)
    t.say("自评的方法", "Heading 2", listed=chapters)
    for i, method in enumerate(evaluation.methods, 1):
        t.say(f"{i}、{method.title}。{method.text}")
    t.say("绩效自评过程", "Heading 2", listed=chapters)
    t.say(evaluation.process)
    t.say("三、部门整体支出绩效目标实现情况及指标分析", "Heading 1")
    t.say("（一）总体绩效目标实现情况", "Heading 2")
    t.say(evaluation.overall_achievement)
    t.say("（二）分项绩效目标实现情况及指标分析", "Heading 2")
    achievements = t.list_of(2)
    for item in evaluation.sub_achievements:
        t.say(item.title, listed=achievements)
        t.say(item.text)
    t.say("四、评价结论和评价等级", "Heading 1")
    t.say(evaluation.grading_method)
    t.say(evaluation.conclusion)
    t.say(f"我单位{document.year}年度部门整体绩效自评得分{evaluation.score}分，"
          f"评价等级为“{evaluation.grade}”。")
    t.say("五、存在的问题及改进措施", "Heading 1")
    t.say("（一）存在的主要问题", "Heading 2")
    problems = t.list_of(3)
    for item in evaluation.problems:
        t.say(item.title, listed=problems)
        t.say(item.text)
    t.say("（二）针对问题提出具体的改进措施或建议", "Heading 2")
    for i, item in enumerate(evaluation.improvements, 1):
        t.say(f"{i}.{item.title}")
        t.say(item.text)
    t.blank()
    t.say("评价工作组人员名单及签字", "Heading 1")
    header = ["职务", "姓名", "职务/职称", "签字"]
    half = len(evaluation.team) // 2
    for n, part in enumerate((evaluation.team[:half], evaluation.team[half:])):
        if n:
            t.docx.add_page_break()
        # Continued on the next page: the heading row again, marked to repeat.
        table = t.table([header, *([m.role, m.name, m.title, ""] for m in part)], header=True)
        _merge_roles(table, [m.role for m in part])
        if n:
            table.add_row()  # an empty row left at the end
    return t.bytes()


def _merge_roles(table, roles: list[str]) -> None:
    """Equal roles one under another share one merged cell (typed once)."""
    start = 0
    for i in range(1, len(roles) + 1):
        if i == len(roles) or roles[i] != roles[start]:
            if i - start > 1:
                merged = table.cell(1 + start, 0).merge(table.cell(i, 0))
                merged.text = roles[start]
            start = i


def chengde(document: TargetDocument) -> bytes:
    """承德 绩效文本: the narrative with 分项 goals numbered by Word and measures by hand, then
    each project on a section of its own, its two tables typed in Word's own table style."""
    department = document.department
    t = Typist()
    t.say(f"{document.unit_name}{document.year}年绩效文本", "Title")
    t.say(f"{document.compiled_by}编制")
    t.say("河北省财政厅审核")
    t.docx.add_page_break()
    t.say("第一部分", "Heading 1")
    t.say(f"{document.year}年部门整体绩效目标", "Heading 1")
    t.say("一、总体绩效目标", "Heading 1")
    t.say(department.overall_goal)
    t.blank()
    t.say("二、分项绩效目标", "Heading 1")
    goals = t.list_of(1)
    for goal in department.sub_goals:
        t.say(goal.title, "Heading 2", listed=goals)
        t.say(f"绩效目标：{goal.goal}")
        t.say(f"绩效指标：{goal.indicators}")
    t.say("三、工作保障措施", "Heading 1")
    if department.measures_lead_in:
        t.say(department.measures_lead_in)
    for i, measure in enumerate(department.measures, 1):
        t.say(f"（{chinese(i)}）{measure}")
    t.docx.add_page_break()
    t.say("第二部分", "Heading 1")
    t.say("专项资金绩效目标", "Heading 1")
    t.say(document.special_funds)
    for n, project in enumerate(document.projects, 1):
        t.docx.add_section(WD_SECTION.NEW_PAGE)
        if n == 1:
            t.say("第三部分", "Heading 1")
            t.say("预算项目绩效目标", "Heading 1")
        t.say(f"{chinese(n)}、{project.name}", "Heading 1")
        t.say("绩效目标表")
        t.say(f"编制单位：{document.compiled_by}")
        _project_tables(t, project)
        t.blank()
    return t.bytes()


def _project_tables(t: Typist, project: Project) -> None:
    plan = project.spending_plan or SpendingPlan()
    percents = ["" if v is None else f"{v:f}%"
                for v in (plan.march, plan.june, plan.october, plan.december)]
    amount = "" if project.budget_amount is None else f"{project.budget_amount:.2f}"
    table = t.table([
        ["项目名称", project.name, "", "实施单位", project.implementing_unit, ""],
        [f"年度申请资金额度（{project.budget_unit.value}）", amount, "", "", "", ""],
        ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", ""],
        ["", *percents, ""],
        ["总体目标", "年度目标", "", "", "", ""],
        ["", project.annual_goal, "", "", "", ""],
    ])
    for r, c1, c2 in ((0, 1, 2), (0, 4, 5), (1, 1, 5), (2, 4, 5), (3, 4, 5), (4, 1, 5),
                      (5, 1, 5)):
        _merge(table, (r, c1), (r, c2))
    _merge(table, (2, 0), (3, 0))
    _merge(table, (4, 0), (5, 0))
    columns = ("level1", "level2", "name", "target", "basis")
    rows = [[row.get(c) for c in columns] for row in project.indicators]
    indicators = t.table([["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
                          *(["绩效指标", *row] for row in rows)], header=True)
    _merge(indicators, (0, 0), (len(rows), 0))
    for column, depth in ((1, 1), (2, 2)):
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][:depth] != rows[start][:depth]:
                if i - start > 1:
                    _merge(indicators, (1 + start, column), (i, column))
                start = i


def _merge(table, first: tuple[int, int], last: tuple[int, int]) -> None:
    """Merged as Word merges: the text typed once, in the first cell."""
    text = table.cell(*first).text
    table.cell(*first).merge(table.cell(*last)).text = text


def suzhou(document: TargetDocument) -> bytes:
    """苏州 目标表: the published page as the typed workbook lays it out
    (tests/app/importing/published.py), typed in Word: the title and 年度 as paragraphs, the
    form's boxes as one table, each indicator table a table of its own opening with its heading
    row, the last one going on over a page break with its heading row again."""
    from openpyxl import load_workbook

    from tests.app.importing.published import WIDTH, write_suzhou_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = write_suzhou_workbook(document, Path(folder) / "苏州.xlsx")
        ws = load_workbook(path).active
    text = {(c.row, c.column): "" if c.value is None else str(c.value)
            for row in ws.iter_rows() for c in row}
    merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    heads = [r for r in range(3, ws.max_row + 1) if text[(r, 4)] == "三级指标"]
    t = Typist()
    t.say(text[(1, 1)], "Title")
    t.say(text[(2, 1)])
    t.blank()
    pieces = [(3, heads[0] - 1, False)]
    bounds = [*heads, ws.max_row + 1]
    for first, after in zip(bounds, bounds[1:]):
        if after == ws.max_row + 1 and after - first > 3:  # cut by the page's end
            middle = first + (after - first) // 2
            pieces += [(first, middle - 1, True), (middle, after - 1, True)]
        else:
            pieces.append((first, after - 1, True))
    for n, (top, bottom, header) in enumerate(pieces):
        rows = list(range(top, bottom + 1))
        if header and top not in heads:  # the page's end: heading row again, then the rest
            t.docx.add_page_break()
            rows = [pieces[n - 1][0], *rows]
        elif n:
            t.blank()
        table = t.table([[text[(r, c)] for c in range(1, WIDTH + 1)] for r in rows],
                        header=header)
        place = {r: i for i, r in enumerate(rows)}
        for r1, c1, r2, c2 in merges:
            inside = [r for r in range(r1, r2 + 1) if r in place]
            if inside and (len(inside) > 1 or c2 > c1) and r1 > 2:
                first_row = r1 if r1 in place else inside[0]
                value = text[(r1, c1)]
                merged = table.cell(place[first_row], c1 - 1).merge(
                    table.cell(place[inside[-1]], c2 - 1))
                merged.text = value  # a group cut by the page is written again
    return t.bytes()


def document_xml(data: bytes) -> bytes:
    """What a rebuilt fixture must equal: the document's text and numbering, not the dates."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml") + archive.read("word/numbering.xml")


BUILDERS = {"shijiazhuang": ("hebei-shijiazhuang-2022.jixiao", shijiazhuang),
            "chengde": ("hebei-chengde-2023.jixiao", chengde),
            "suzhou": ("jiangsu-suzhou-2024.jixiao", suzhou)}


def main() -> None:
    import forms
    from app.projectfile import load_document

    forms.register_all()
    examples = Path(__file__).resolve().parents[3] / "resources" / "examples"
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, (example, build) in BUILDERS.items():
        (FIXTURES / f"{name}.docx").write_bytes(build(load_document(examples / example)))


if __name__ == "__main__":
    main()
