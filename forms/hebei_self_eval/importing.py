"""Reading a 河北 部门整体支出绩效自评报告. A workbook: its 自评数据 sheet (the report itself is
narrative, in the Word file; the 收支预决算 figures are in its sentences only). A Word file:
the report, its chapters read by their printed headings, the score and grade from the
conclusion's sentence, the 评价工作组 from its table. docs/import.md."""
from __future__ import annotations

import re
from decimal import Decimal

from app.importing.blocks import Column, Match, Records, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Score, Skip, Text, Year
from app.importing.narrative import Chapters, chapters, joined, sub_goals
from app.importing.problems import ImportProblem
from app.model import BudgetStage, SelfEvaluation, TargetDocument, TeamMember, TitledItem

_TITLE = Match(r"(.*?)(\d{4})?年度整体支出绩效自评报告", (Text("unit_name"), Year("year")),
               name="标题“…年度整体支出绩效自评报告”")
_TEAM = Records("self_evaluation.team", TeamMember, (
    Column("职务", Text("role")), Column("姓名", Text("name")),
    Column("职务/职称", Text("title")), Column("签字", Skip())))
_TITLE_TEXT = re.compile(r"\s*(.*?)(\d{4})?年度整体支出绩效自评报告\s*")
_SCORE = re.compile(r".*?得分\s*(\d+(?:\.\d+)?|_+)\s*分.*?评价等级为\s*[“\"]?(.*?)[”\"]?\s*[。.]?\s*")
_BLANK = re.compile(r"_+")
# Heading keys → where their paragraphs go (text fields of self_evaluation / department).
_TEXTS = {"机构设置": "department.organization", "资产情况": "self_evaluation.assets",
          "整体绩效目标": "department.overall_goal",
          "自评的组织工作": "self_evaluation.organization",
          "绩效自评目的": "self_evaluation.purpose", "绩效自评内容": "self_evaluation.content",
          "绩效自评过程": "self_evaluation.process",
          "总体绩效目标实现情况": "self_evaluation.overall_achievement"}
_TITLED = {"分项绩效目标实现情况及指标分析": "sub_achievements", "存在的主要问题": "problems",
           "针对问题提出具体的改进措施或建议": "improvements"}
_HEADINGS = {"部门基本情况", "部门概况", "部门职能", "部门收支预决算情况", "部门整体支出绩效目标、指标",
             "分项绩效目标、指标", "自评工作开展情况", "自评的方法",
             "部门整体支出绩效目标实现情况及指标分析", "评价结论和评价等级", "存在的问题及改进措施",
             *_TEXTS, *_TITLED}
_END = {"评价工作组人员名单及签字"}


def _titled(items: list[tuple[str, list[str]]]) -> list[TitledItem]:
    return [TitledItem(title=title, text="\n".join(lines)) for title, lines in items]


def _methods(items: list[tuple[str, list[str]]]) -> list[TitledItem]:
    """"1、科学公正原则。此次绩效自评…": the principle is the words before the first 。."""
    methods = []
    for first, lines in items:
        title, stop, text = first.partition("。")
        if not stop:
            title, text = "", first
        methods.append(TitledItem(title=title, text=joined(text, lines)))
    return methods


def _set(document: TargetDocument, path: str, value: str) -> None:
    owner_name, name = path.split(".")
    setattr(getattr(document, owner_name), name, value)


def _report(document: TargetDocument, found: Chapters, evaluation: SelfEvaluation) -> None:
    department = document.department
    functions = found.items("部门职能")
    if functions is not None:
        department.functions_lead_in = functions[0]
        department.functions = [joined(t, lines) for t, lines in functions[1]]
    for key, path in _TEXTS.items():
        text = found.body(key)
        if text is not None:
            _set(document, path, text)
    stages = found.texts.get("部门收支预决算情况")
    if stages is not None:
        kept = evaluation.budget_stages
        evaluation.budget_stages = [
            kept[i].model_copy(update={"text": text}) if i < len(kept) else BudgetStage(text=text)
            for i, text in enumerate(stages)]
    goals = found.items("分项绩效目标、指标")
    if goals is not None:
        department.sub_goals = sub_goals(goals[1])
    methods = found.items("自评的方法")
    if methods is not None:
        evaluation.methods = _methods(methods[1])
    for key, name in _TITLED.items():
        listed = found.items(key)
        if listed is not None:
            setattr(evaluation, name, _titled(listed[1]))
    conclusion = found.texts.get("评价结论和评价等级")
    if conclusion:
        *said, last = conclusion
        score = _SCORE.fullmatch(last)
        if score is None:
            said.append(last)
        # The chapter as printed: nothing before the score's sentence is both left empty.
        evaluation.grading_method = said[0] if said else ""
        evaluation.conclusion = "\n".join(said[1:])


def read_narrative(document: TargetDocument, paragraphs: list[str]) -> list[ImportProblem]:
    found = chapters(paragraphs, _HEADINGS, _END)
    evaluation = document.self_evaluation
    if evaluation is None:
        evaluation = document.self_evaluation = SelfEvaluation()
    lead = found.texts[""]
    title = next((i for i, text in enumerate(lead) if _TITLE_TEXT.fullmatch(text)), None)
    if title is not None:
        if not document.unit_name and title > 0:  # the unit on the line above the title
            document.unit_name = lead[title - 1]
        evaluation.preface = "\n".join(lead[title + 1:])
    _report(document, found, evaluation)
    # Rows a typed table leaves empty at its end are no members.
    while evaluation.team and not any((evaluation.team[-1].role, evaluation.team[-1].name,
                                       evaluation.team[-1].title)):
        evaluation.team.pop()
    conclusion = found.texts.get("评价结论和评价等级") or [""]
    score = _SCORE.fullmatch(conclusion[-1])
    if score is None:
        return [ImportProblem("报告“评价结论和评价等级”中没有“…自评得分…分，评价等级为“…”。”一句，"
                              "得分和等级未导入，请在编辑器中填写")]
    number, grade = score.groups()
    evaluation.score = None if _BLANK.fullmatch(number) else Decimal(number)
    evaluation.grade = "" if _BLANK.fullmatch(grade) else grade
    return []


IMPORT = ImportDefinition(sheets=(SheetImport(name="自评数据", blocks=(
    _TITLE,
    Value("自评得分", Score("self_evaluation.score")),
    Value("评价等级", Text("self_evaluation.grade")),
    _TEAM,
)),), word=ImportDefinition(sheets=(SheetImport(blocks=(_TITLE, _TEAM)),),
                            narrative=read_narrative))
