"""文件 → 结转: next year's document, this year's 绩效监控表 or 自评表, made from the open one and
opened as a new untitled document; the current one is left as it is (saved first if the officer
wants)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from app.carry import (CarryError, carry_to_monitoring, carry_to_next_year,
                       carry_to_self_evaluation, monitoring_template, self_evaluation_template)
from ui import dialogs
from ui.carry_dialog import MONITORING, NEXT_YEAR, CarryDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def carry_forward(window: "MainWindow") -> None:
    if window.session is None:
        return
    document, template = window.session.document, window.session.template
    dialog = CarryDialog(document, template, window)
    if dialog.exec() != CarryDialog.DialogCode.Accepted:
        return
    choice = dialog.choice()
    try:
        if choice.to == NEXT_YEAR:
            carried = carry_to_next_year(document, template, keep_money=choice.keep_money,
                                         keep_half_year=choice.keep_half_year)
        elif choice.to == MONITORING:
            target = monitoring_template(template, choice.template_id or None)
            carried = carry_to_monitoring(document, template, target)
        else:
            target = self_evaluation_template(template, choice.template_id or None)
            carried = carry_to_self_evaluation(document, template, target)
    except CarryError as exc:
        dialogs.warning(window, window.tr("无法结转"), str(exc))
        return
    if not window.maybe_save():
        return
    window.set_document(carried, None, modified=True)
    window.statusBar().showMessage(
        window.tr("已结转为新文档（%1年度），尚未保存；原文档未改动。")
        .replace("%1", str(carried.year or "")), 10000)
