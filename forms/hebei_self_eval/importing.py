"""Reading a 河北 部门整体支出绩效自评报告 workbook: its 自评数据 sheet (the report itself is
narrative, in the Word file). docs/import.md."""
from __future__ import annotations

from dataclasses import dataclass

from app.importing.blocks import Block, Column, Match, Records, Value
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Score, Skip, Text, Year
from app.importing.labels import match_label
from app.importing.problems import CellError
from app.model import BudgetStage, FundLine, TeamMember


@dataclass(frozen=True)
class BudgetLines(Block):
    """部门收支预决算情况: 阶段 | 收支 | 项目 | 金额（万元）. A stage's label spans its lines (a
    stage without figures prints one empty row); 收入 and 支出 span theirs."""

    path: str = "self_evaluation.budget_stages"
    headers: tuple[str, ...] = ("阶段", "收支", "项目", "金额（万元）")
    income: str = "收入"
    expense: str = "支出"

    def anchors(self, template):
        return self.headers[:2]

    def read(self, reader):
        found = reader.find_header(self.headers)
        if found is None or len(found[1]) < len(self.headers):
            reader.missing(f"表头“{'、'.join(self.headers)}”")
            return
        header_row, headers = found
        reader.use(*headers.values())
        stage_column, side_column, name_column, amount_column = (
            headers[h].column for h in self.headers)
        stages: list[BudgetStage] = []
        current = None
        last = header_row
        for row in reader.table_rows(header_row, stage_column, headers[self.headers[-1]].last_column,
                                     header=self.headers):
            last = row
            stage_cell = reader.grid.at(row, stage_column)
            try:
                if current is None or stage_cell is not current:
                    current = stage_cell
                    stages.append(BudgetStage(label=reader.text(stage_cell)))
                side = reader.text(reader.grid.at(row, side_column))
                name = reader.text(reader.grid.at(row, name_column))
                amount = reader.cells.money(reader.sheet, reader.grid.at(row, amount_column))
            except CellError as error:
                reader.refuse(error)
                continue
            stage = stages[-1]
            if match_label(self.income, side) is not None:
                stage.income.append(FundLine(name=name, amount=amount))
            elif match_label(self.expense, side) is not None:
                stage.expense.append(FundLine(name=name, amount=amount))
            elif side or name or amount is not None:
                reader.problem(f"“收支”应为“收入”或“支出”，不是“{side[:20]}”",
                               reader.grid.at(row, side_column))
        reader.move_past(last)
        reader.assign(self.path, stages, headers[self.headers[0]])


IMPORT = ImportDefinition(sheets=(SheetImport(name="自评数据", blocks=(
    Match(r"(.*?)(\d{4})?年度整体支出绩效自评报告", (Text("unit_name"), Year("year")),
          name="标题“…年度整体支出绩效自评报告”"),
    BudgetLines(),
    Value("自评得分", Score("self_evaluation.score")),
    Value("评价等级", Text("self_evaluation.grade")),
    Records("self_evaluation.team", TeamMember, (
        Column("职务", Text("role")), Column("姓名", Text("name")),
        Column("职务/职称", Text("title")), Column("签字", Skip()))),
)),))
