"""文件 → 结转: the choices of a carry forward (app.carry), asked in one small dialog.

下一年度 keeps the template (year + 1) and asks whether money and the 半年 values go along;
年中绩效监控表 picks a monitoring form (a target form with project indicators only);
年终自评表 picks the self-evaluation form, the template's own one first. The dialog only asks:
the window carries the document and opens the result as a new, untitled one.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QLabel, QRadioButton, QVBoxLayout, QWidget)

from app.model import TargetDocument
from app.templates import Template, all_templates

NEXT_YEAR = "next-year"
SELF_EVALUATION = "self-eval"
MONITORING = "monitoring"


@dataclass(frozen=True)
class CarryChoice:
    to: str  # NEXT_YEAR, MONITORING or SELF_EVALUATION
    template_id: str  # the monitoring or self-evaluation form ("" for the next year)
    keep_money: bool
    keep_half_year: bool


class CarryDialog(QDialog):
    def __init__(self, document: TargetDocument, template: Template,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("结转"))
        year = document.year
        self.next_year = QRadioButton(
            self.tr("下一年度的%1（%2年度，文字和指标保留，上年指标值列在旁边）")
            .replace("%1", template.title.split("·")[-1].strip())
            .replace("%2", str(year + 1) if year is not None else "下一"), self)
        self.keep_money = QCheckBox(self.tr("保留金额（默认清空，按新年度预算重填）"), self)
        self.keep_half_year = QCheckBox(self.tr("保留半年指标值和半年金额"), self)
        self.monitoring = QRadioButton(
            self.tr("%1年度的年中绩效监控表（每个项目一张，指标值和年初预算数带入）")
            .replace("%1", str(year) if year is not None else "本"), self)
        self.monitoring_form = QComboBox(self)
        for candidate in all_templates():
            if candidate.stage == MONITORING:
                self.monitoring_form.addItem(candidate.title, candidate.id)
        self.self_evaluation = QRadioButton(
            self.tr("%1年度的年终自评表（指标和年度指标值带入，分值按规则默认）")
            .replace("%1", str(year) if year is not None else "本"), self)
        self.form = QComboBox(self)
        scored = [t for t in all_templates() if t.scoring is not None]
        for candidate in scored:
            self.form.addItem(candidate.title, candidate.id)
        own = self.form.findData(template.self_evaluation_template)
        if own >= 0:
            self.form.setCurrentIndex(own)
        group = QButtonGroup(self)
        group.addButton(self.next_year)
        group.addButton(self.monitoring)
        group.addButton(self.self_evaluation)
        layout = QVBoxLayout(self)
        layout.addWidget(self.next_year)
        for box in (self.keep_money, self.keep_half_year):
            box.setContentsMargins(24, 0, 0, 0)
            layout.addWidget(box)
        layout.addWidget(self.monitoring)
        layout.addWidget(self.monitoring_form)
        # Only a target form whose projects carry indicators has targets to monitor.
        if template.stage != "target" or template.scoring is not None or \
                template.project_indicators is None or not self.monitoring_form.count():
            self.monitoring.setEnabled(False)
        layout.addWidget(self.self_evaluation)
        layout.addWidget(self.form)
        if template.scoring is not None or template.stage == MONITORING:
            # A self-evaluation (a monitoring form) is carried to next year's only.
            self.self_evaluation.setEnabled(False)
            self.form.setEnabled(False)
            said = self.tr("本文档已是年终自评表，只能结转到下一年度。") if template.scoring \
                else self.tr("本文档已是年中绩效监控表，只能结转到下一年度。")
            layout.addWidget(QLabel(said, self))
        self.next_year.setChecked(True)
        self.next_year.toggled.connect(self._follow_choice)
        self.monitoring.toggled.connect(self._follow_choice)
        self._follow_choice()
        note = QLabel(self.tr("结转生成一个新的未命名文档，当前文档不变。"), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("结转"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _follow_choice(self) -> None:
        next_year = self.next_year.isChecked()
        self.keep_money.setEnabled(next_year)
        self.keep_half_year.setEnabled(next_year)
        self.form.setEnabled(self.self_evaluation.isChecked() and self.self_evaluation.isEnabled())
        self.monitoring_form.setEnabled(self.monitoring.isChecked())

    def choice(self) -> CarryChoice:
        if self.next_year.isChecked():
            return CarryChoice(NEXT_YEAR, "", self.keep_money.isChecked(),
                               self.keep_half_year.isChecked())
        if self.monitoring.isChecked():
            return CarryChoice(MONITORING, self.monitoring_form.currentData() or "", False, False)
        return CarryChoice(SELF_EVALUATION, self.form.currentData() or "", False, False)
