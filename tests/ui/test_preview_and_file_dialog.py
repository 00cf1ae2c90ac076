"""打印预览 has a 关闭 button; Qt's own file dialog shows its 大小/类型/修改日期 whole."""
from __future__ import annotations

from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog,
                               QPushButton, QTreeView)

from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.dialogs import _focus_moved, fit_file_dialogs
from ui.print_preview import preview_dialog
from ui.session import DocumentSession


def test_the_print_preview_closes_with_its_button(qtbot):
    dialog = preview_dialog(DocumentSession(load_document(EXAMPLE_FILES["jiangsu"])), None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    close = next(b for box in dialog.findChildren(QDialogButtonBox)
                 for b in box.findChildren(QPushButton) if b.text() == "关闭")
    assert close.isVisible()
    close.click()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_the_file_dialog_columns_fit_their_texts(qtbot, tmp_path):
    (tmp_path / "苏州市自然资源和规划局_2024年市级部门整体预算绩效目标表.jixiao").write_bytes(
        b"x" * 1234567)
    (tmp_path / "说明.txt").write_text("一份纯文本文件，类型名称较长")
    (tmp_path / "子文件夹").mkdir()
    app = QApplication.instance()
    fit_file_dialogs(app)
    try:
        # As QFileDialog.getOpenFileName makes it: Qt's own dialog, its own instance.
        dialog = QFileDialog(None, "打开文档", str(tmp_path), "所有文件 (*)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        view = dialog.findChild(QTreeView, "treeView")
        qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 3)
        qtbot.waitUntil(lambda: bool(dialog.property("columnsFitted")))
        qtbot.wait(50)
        header = view.header()
        for column in (1, 2, 3):  # 大小, 类型, 修改日期
            wanted = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
            assert header.sectionSize(column) >= wanted, (column, header.sectionSize(column),
                                                          wanted)
        assert header.sectionSize(0) > 200  # the name keeps the rest
    finally:
        app.focusChanged.disconnect(_focus_moved)
