"""What the window shows with nothing open: 新建, 打开, recent files, the examples."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from app.errors import DocumentLoadError
from app.file_header import read_header
from app.projectfile import read_document
from app.templates import all_templates, get_template
from ui.dialogs import plain_tooltip


def example_files() -> list[Path]:
    folder = resources.files("resources") / "examples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".jixiao"))


def example_title(path: Path) -> str:
    """How the start page names an example: its unit, year and form, as the officer reads them
    ("苏州市自然资源和规划局 2024年 · 市级部门整体预算绩效目标表（江苏）")."""
    try:
        document, _ = read_document(path)
        template = get_template(document.template)
    except (DocumentLoadError, KeyError):
        return path.stem
    return f"{document.unit_name} {document.year}年 · {template.title}"


def recent_title(path: Path) -> tuple[str, bool]:
    """How 最近打开 names a file: unit, year and form, then its name and folder; or that it is
    missing or unreadable (False). Read from the file's first lines, not the whole file."""
    where = _tr("{name}　文件夹：{folder}").format(name=path.name, folder=path.parent)
    if not path.exists():
        return _tr("（文件不存在，可能已移动或删除）") + "\n" + where, False
    header = read_header(path)
    if header is None:
        return _tr("（无法读取：不是绩效填报文档，或文件已损坏）") + "\n" + where, False
    try:
        form = get_template(header.template).title
    except KeyError:
        form = _tr("未知的模板“{0}”").format(header.template)
    year = _tr("{0}年").format(header.year) if header.year is not None else _tr("年度未填")
    unit = header.unit_name.strip() or _tr("（未填单位名称）")
    return f"{unit} {year} · {form}\n{where}", True


def _tr(text: str) -> str:
    return QCoreApplication.translate("StartPage", text)


class NewDocumentDialog(QDialog):
    """新建: pick a template by its Chinese title, enter 单位名称 and 年度."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建文档"))
        self.template = QComboBox(self)
        for template in all_templates():
            self.template.addItem(template.title, template.id)
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText(self.tr("如：苏州市自然资源和规划局"))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.template.currentIndexChanged.connect(self._default_year)
        self._default_year()
        form = QFormLayout(self)
        form.addRow(self.tr("模板"), self.template)
        form.addRow(self.tr("单位名称"), self.unit)
        form.addRow(self.tr("年度"), self.year)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _default_year(self) -> None:
        self.year.setValue(get_template(self.template.currentData()).default_year())

    def choice(self) -> tuple[str, str, int]:
        return self.template.currentData(), self.unit.text(), self.year.value()


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    file_chosen = Signal(Path)
    example_chosen = Signal(Path)  # opened as an untitled copy: the shipped file stays as it is

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("绩效填报"), self)
        title.setStyleSheet("font-size: 22pt; font-weight: bold; margin: 12px 0")
        new_button = QPushButton(self.tr("新建…"), self)
        open_button = QPushButton(self.tr("打开…"), self)
        new_button.clicked.connect(self.new_requested)
        open_button.clicked.connect(self.open_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(open_button)
        buttons.addStretch()
        self.recent = self._list(self.tr("最近打开"), self.file_chosen)
        self.examples = self._list(self.tr("示例（据各省公开表格填写，打开为未命名副本）"),
                                   self.example_chosen)
        for path in example_files():
            self._add(self.examples[1], path, example_title(path))
        lists = QHBoxLayout()
        lists.addWidget(self.recent[0])
        lists.addWidget(self.examples[0])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addLayout(lists)

    def _list(self, title: str, chosen: SignalInstance) -> tuple[QGroupBox, QListWidget]:
        box = QGroupBox(title, self)
        widget = QListWidget(box)
        widget.setWordWrap(True)
        widget.setSpacing(3)
        widget.itemActivated.connect(
            lambda item: chosen.emit(Path(item.data(Qt.ItemDataRole.UserRole))))
        QVBoxLayout(box).addWidget(widget)
        return box, widget

    def _add(self, widget: QListWidget, path: Path, text: str = "") -> None:
        item = QListWidgetItem(text or path.stem, widget)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(plain_tooltip(str(path)))

    def set_recent(self, paths: list[Path]) -> None:
        self.recent[1].clear()
        for path in paths:
            text, readable = recent_title(path)
            self._add(self.recent[1], path, text)
            if not readable:
                item = self.recent[1].item(self.recent[1].count() - 1)
                item.setForeground(self.palette().placeholderText())
        if not paths:
            hint = QListWidgetItem(self.tr("（还没有打开过的文档；打开或保存后会列在这里）"),
                                   self.recent[1])
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
