"""The main window's actions: menus and the toolbar of everyday buttons, made once, shared.

Officers used to WPS look for 保存 / 审核 / 导出 / 打印 on a toolbar before they open a menu, so
the toolbar repeats the everyday actions with Chinese labels under their icons. The icons are
bundled SVGs: the same look on Windows (no icon theme) as on Linux.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from ui.edit_menu import follow_focus

Shortcut = QKeySequence | QKeySequence.StandardKey | str


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def action_icon(name: str) -> QIcon:
    return QIcon(str(resources.files("resources") / "icons" / "actions" / f"{name}.svg"))


@dataclass
class WindowActions:
    new: QAction
    open: QAction
    import_excel: QAction
    save: QAction
    save_as: QAction
    close: QAction
    export: QAction
    print_preview: QAction
    print: QAction
    carry: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    check: QAction
    next_tab: QAction
    previous_tab: QAction
    about: QAction
    recent_menu: QMenu
    toolbar: QToolBar

    def document_actions(self) -> list[QAction]:
        """What needs an open document (disabled on the start page)."""
        return [self.save, self.save_as, self.close, self.export, self.print_preview, self.print,
                self.carry, self.undo, self.redo, self.check, self.next_tab, self.previous_tab]


def _make(window: QMainWindow, text: str, slot: Callable[[], object],
          shortcuts: tuple[Shortcut, ...] = (), icon: str = "", tip: str = "") -> QAction:
    action = QAction(text, window)
    keys: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(shortcut))
        else:
            keys.append(QKeySequence(shortcut))
    if keys:
        action.setShortcuts(keys)
        # Window-wide, so a focused table or text box doesn't swallow Ctrl+Tab and the like.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if icon:
        action.setIcon(action_icon(icon))
    shown = text.replace("…", "").replace("&", "")
    key_text = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
    action.setIconText(shown)  # the toolbar's label: "打印预览", not "打印预览…"
    action.setToolTip(f"{tip or shown}（{key_text}）" if key_text else (tip or shown))
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work even while the menu bar is hidden
    return action


def build_actions(window) -> WindowActions:
    """Menus and toolbar of ``window`` (a MainWindow: the slots are its methods)."""
    keys = QKeySequence.StandardKey
    new = _make(window, _tr("新建…"), window.new_document, (keys.New,), "new", _tr("新建文档"))
    open_ = _make(window, _tr("打开…"), window.open_dialog, (keys.Open,), "open",
                  _tr("打开文档"))
    import_excel = _make(window, _tr("导入Excel或Word…"), window.import_excel, (),
                         tip=_tr("从 Excel 工作簿或 Word 文档（.docx、.doc、.wps）导入：本软件导出的，或按该省表样填写的"))
    save = _make(window, _tr("保存"), window.save, (keys.Save,), "save")
    save_as = _make(window, _tr("另存为…"), window.save_as, ("Ctrl+Shift+S",))
    close = _make(window, _tr("关闭"), window.close_document, ("Ctrl+W",),
                  tip=_tr("关闭文档，回到开始页"))
    export = _make(window, _tr("导出…"), window.export, ("Ctrl+E",), "export",
                   _tr("导出 Word、Excel、PDF"))
    preview = _make(window, _tr("打印预览…"), window.print_preview, (), "preview", _tr("打印预览"))
    print_ = _make(window, _tr("打印…"), window.print_document, (keys.Print,))
    carry = _make(window, _tr("结转…"), window.carry_forward, (),
                  tip=_tr("生成下一年度的文档，或本年度的年终自评表"))
    quit_ = _make(window, _tr("退出"), window.close, (keys.Quit,))
    undo = _make(window, _tr("撤销"), window.undo, (keys.Undo,), "undo")
    redo = _make(window, _tr("重做"), window.redo, ("Ctrl+Y", "Ctrl+Shift+Z"), "redo")
    check = _make(window, _tr("审核"), window.check_now, ("F7",), "check",
                  _tr("重新审核并显示审核结果"))
    next_tab = _make(window, _tr("下一页签"), window.next_tab, ("Ctrl+Tab", "Ctrl+PgDown"))
    previous_tab = _make(window, _tr("上一页签"), window.previous_tab,
                         ("Ctrl+Shift+Tab", "Ctrl+PgUp"))
    about = _make(window, _tr("关于绩效填报"), window.about)

    menu_bar = window.menuBar()
    file_menu = menu_bar.addMenu(_tr("文件(&F)"))
    file_menu.addActions([new, open_, import_excel])
    recent_menu = file_menu.addMenu(_tr("最近打开"))
    file_menu.addSeparator()
    file_menu.addActions([save, save_as])
    file_menu.addSeparator()
    file_menu.addActions([export, preview, print_])
    file_menu.addSeparator()
    file_menu.addAction(carry)
    file_menu.addSeparator()
    file_menu.addActions([close, quit_])
    edit_menu = menu_bar.addMenu(_tr("编辑(&E)"))
    edit_menu.addActions([undo, redo])
    follow_focus(edit_menu)  # 剪切 … 下移, for the table or box with the keyboard
    view_menu = menu_bar.addMenu(_tr("视图(&V)"))
    view_menu.addActions([check, next_tab, previous_tab])
    help_menu = menu_bar.addMenu(_tr("帮助(&H)"))
    help_menu.addAction(about)

    toolbar = QToolBar(_tr("常用"), window)
    toolbar.setObjectName("toolbar")  # saveState() needs a name
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(24, 24))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    toolbar.addActions([new, open_, save])
    toolbar.addSeparator()
    toolbar.addActions([undo, redo])
    toolbar.addSeparator()
    toolbar.addActions([check, export, preview])
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    view_menu.addSeparator()
    view_menu.addAction(toolbar.toggleViewAction())
    return WindowActions(new, open_, import_excel, save, save_as, close, export, preview, print_,
                         carry, quit_, undo, redo, check, next_tab, previous_tab, about,
                         recent_menu, toolbar)
