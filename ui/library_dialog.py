"""从指标库插入: search the indicator library as you type, narrow it by 一级/二级, year and
source, read an entry's 指标解释 and 评分标准, and pick one or more to insert.

The dialog only chooses: ``rows()`` are the chosen entries as rows of the table it was opened
for (app.library.rows), and ui.library_insert puts each into its group, as one undo step.
"""
from __future__ import annotations

import html
import logging
from typing import Mapping

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog,
                               QDialogButtonBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSplitter, QTableView, QTextBrowser,
                               QVBoxLayout, QWidget)

from app.indicator_groups import category_key
from app.library import IndicatorLibrary, LibraryEntry, LibraryError, row_for_entry
from app.library.entries import DOCUMENT, FRAMEWORK, framework_details
from app.model import IndicatorRow
from app.templates import IndicatorTableSpec
from ui.library_model import LEVEL1, LEVEL2, NAME, SOURCE, TARGET, YEAR, LibraryResultsModel
from ui.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 120  # typing pauses this long before the search runs
RESULT_LIMIT = 200
_ALL = object()  # the "全部" item of a filter list


class LibraryDialog(QDialog):
    """The picker over ``library`` for a table of ``spec``; ``group`` is the current row's
    一级/二级 (and 重点工作), offered instead of the entries' own."""

    def __init__(self, library: IndicatorLibrary, spec: IndicatorTableSpec,
                 group: Mapping[str, str] | None = None, parent: QWidget | None = None,
                 reopen=None) -> None:
        super().__init__(parent)
        self.library, self.spec, self.group = library, spec, dict(group or {})
        self._reopen = reopen  # () -> IndicatorLibrary, after the file was found damaged
        self.setWindowTitle(self.tr("从指标库插入指标"))
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr(
            "输入指标名称、解释或关键词，如“满意度”“培训”；多个词用空格分开"))
        self.search_edit.setClearButtonEnabled(True)
        self.level1_box = QComboBox(self)
        self.level2_box = QComboBox(self)
        self.year_box = QComboBox(self)
        self.source_box = QComboBox(self)
        # Long 二级 and source names must not widen the dialog past a laptop's screen.
        adjust = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        for box in (self.level1_box, self.level2_box, self.source_box):
            box.setSizeAdjustPolicy(adjust)
            box.setMinimumContentsLength(10)
        self.distinct_box = QCheckBox(self.tr("相同的指标和指标值只列一次"), self)
        self.distinct_box.setChecked(True)
        self.keep_group_box = QCheckBox(self.tr("沿用当前行的一级、二级指标"), self)
        self.keep_group_box.setToolTip(self.tr(
            "选中时，插入的指标归入当前行所在的分组；否则各归入本表对应的一级、二级分组"
            "（按本表的名称），本表没有对应分组的指标仍归入当前分组。"))
        self.keep_group_box.setVisible(bool(self.group))
        self.model = LibraryResultsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("国")
        for column, chars in ((TARGET, 7), (LEVEL1, 6), (LEVEL2, 9), (YEAR, 3.5), (SOURCE, 12)):
            self.table.setColumnWidth(column, int(chars * em) + 16)
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        self.count_label = QLabel(self)
        self.hint = QLabel(self.tr(
            "指标库中目前只有指标框架。打开或保存的文档中的指标会自动加入；"
            "也可以用命令 jixiao-cli library add 文件夹 一次加入许多文档。"), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.insert_button = QPushButton(self.tr("插入"), self)
        self.insert_button.setDefault(True)
        self.insert_button.clicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.insert_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)

        filters = QGridLayout()
        for column, (label, box) in enumerate(((self.tr("一级指标"), self.level1_box),
                                               (self.tr("二级指标"), self.level2_box),
                                               (self.tr("年度"), self.year_box),
                                               (self.tr("来源"), self.source_box))):
            filters.addWidget(QLabel(label, self), 0, column * 2)
            filters.addWidget(box, 0, column * 2 + 1)
            filters.setColumnStretch(column * 2 + 1, 0 if box is self.year_box else 1)
        options = QHBoxLayout()
        options.addWidget(self.distinct_box)
        options.addWidget(self.keep_group_box)
        options.addStretch(1)
        options.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addLayout(options)
        layout.addWidget(self.hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        splitter.setSizes([780, 300])

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(self._typed)
        self.search_edit.installEventFilter(self)
        self.level1_box.currentIndexChanged.connect(self._level1_changed)
        for box in (self.level2_box, self.year_box, self.source_box):
            box.currentIndexChanged.connect(self.search_now)
        self.distinct_box.toggled.connect(self.search_now)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        self._details = framework_details()
        self._fill_filters()
        try:
            self.hint.setVisible(not self.library.has_documents())
        except LibraryError:
            self.hint.hide()
        self.search_now()
        self._selection_changed()
        fit_to_screen(self, QSize(1120, 640))

    # -- filters ---------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        for box in (self.level1_box, self.level2_box, self.year_box, self.source_box):
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("全部"), _ALL)
        try:
            for value in self.library.level1_values():
                self.level1_box.addItem(value, value)
            self._fill_level2()
            for year in self.library.years():
                self.year_box.addItem(str(year), year)
            self.source_box.addItem(self.tr("全部指标框架"), (None, FRAMEWORK))
            self.source_box.addItem(self.tr("全部我的文档"), (None, DOCUMENT))
            for source in self.library.sources():
                label = (self.tr("框架：%1") if source.kind == FRAMEWORK
                         else self.tr("文档：%1")).replace("%1", source.label)
                self.source_box.addItem(label, (source.name, None))
                self.source_box.setItemData(self.source_box.count() - 1, source.name,
                                            Qt.ItemDataRole.ToolTipRole)
        except LibraryError:
            log.warning("indicator library filter lists", exc_info=True)
        for box in (self.level1_box, self.level2_box, self.year_box, self.source_box):
            box.blockSignals(False)

    def _fill_level2(self) -> None:
        level1 = self._choice(self.level1_box)
        self.level2_box.blockSignals(True)
        self.level2_box.clear()
        self.level2_box.addItem(self.tr("全部"), _ALL)
        for value in self.library.level2_values(level1):
            self.level2_box.addItem(value, value)
        self.level2_box.blockSignals(False)

    def _level1_changed(self) -> None:
        try:
            self._fill_level2()
        except LibraryError:
            log.warning("indicator library 二级 list", exc_info=True)
        self.search_now()

    @staticmethod
    def _choice(box: QComboBox):
        data = box.currentData()
        return None if data is _ALL else data

    def choose(self, box: QComboBox, text: str) -> bool:
        """Pick the item shown as ``text`` in a filter list; False when there is none."""
        index = box.findText(text)
        if index >= 0:
            box.setCurrentIndex(index)
        return index >= 0

    # -- searching -------------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        source, kind = self._choice(self.source_box) or (None, None)
        arguments = dict(level1=self._choice(self.level1_box),
                         level2=self._choice(self.level2_box), year=self._choice(self.year_box),
                         source=source, kind=kind, limit=RESULT_LIMIT,
                         distinct=self.distinct_box.isChecked())
        text = self.search_edit.text()
        try:
            found = self.library.search(text, **arguments)
        except LibraryError as exc:
            log.warning("indicator library search failed: %s", exc)
            found = self._search_again(text, arguments, exc)
        self.model.set_entries(found)
        if found:
            self.table.selectRow(0)  # shows its preview
        else:
            self._selection_changed()
        if not found:
            self.count_label.setText(self.tr("没有找到匹配的指标"))
        elif len(found) >= RESULT_LIMIT:
            self.count_label.setText(self.tr("显示最相关的 %1 条，可输入更多字缩小范围")
                                     .replace("%1", str(len(found))))
        else:
            self.count_label.setText(self.tr("找到 %1 条").replace("%1", str(len(found))))

    def _search_again(self, text: str, arguments: dict, exc: LibraryError) -> list[LibraryEntry]:
        """A damaged file: rebuilt once (from the frameworks), searched again; else nothing."""
        if not exc.damaged or self._reopen is None:
            return []
        try:
            self.library = self._reopen()
            self._fill_filters()
            return self.library.search(text, **{**arguments, "level1": None, "level2": None,
                                                "year": None, "source": None, "kind": None})
        except Exception:  # noqa: BLE001 - the picker shows nothing rather than an error
            log.warning("indicator library unusable after rebuilding", exc_info=True)
            return []

    # -- choosing --------------------------------------------------------------------------

    def selected_entries(self) -> list[LibraryEntry]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.entry(row) for row in rows]

    def select_rows(self, rows: list[int]) -> None:
        """Select these result rows (as Ctrl+click would), the first one current."""
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), flags.Select | flags.Rows)
        if rows:
            selection.setCurrentIndex(self.model.index(rows[0], 0), flags.NoUpdate)
        self._selection_changed()

    def rows(self) -> list[IndicatorRow]:
        """The chosen entries as rows of the table, in the order shown."""
        keep = self.keep_group_box.isChecked() and bool(self.group)
        # 产出 is the table's 产出指标: only a 一级 the table has no name for is foreign.
        allowed = {category_key(level1) for level1 in self.spec.level1_choices}
        rows = []
        for entry in self.selected_entries():
            foreign = (bool(allowed) and category_key(entry.level1) not in allowed
                       and bool(self.group))
            rows.append(row_for_entry(entry, self.spec, self.group if keep or foreign else None))
        return rows

    def _selection_changed(self, *_args: object) -> None:
        entries = self.selected_entries()
        self.insert_button.setEnabled(bool(entries))
        self.insert_button.setText(self.tr("插入 %1 条").replace("%1", str(len(entries)))
                                   if entries else self.tr("插入"))
        current = self.table.currentIndex()
        entry = self.model.entry(current.row()) if current.isValid() else (
            entries[0] if entries else None)
        self.preview.setHtml(self._preview_html(entry) if entry else "")

    def _preview_html(self, entry: LibraryEntry) -> str:
        def part(title: str, text: str) -> str:
            body = html.escape(text).replace("\n", "<br>") if text else \
                f"<span style='color:#888'>{html.escape(self.tr('（无）'))}</span>"
            return f"<p><b>{html.escape(title)}</b><br>{body}</p>"

        target = entry.target + (f"（单位：{entry.unit}）" if entry.unit and entry.unit not in
                                 entry.target else "")
        source = entry.source_label
        if entry.source_kind == FRAMEWORK:
            origin = self._details.get(entry.source, "")
            source = entry.source + (f"\n{origin}" if origin else "")
        else:
            source = f"{entry.source_label}\n{entry.source}"
        parts = [f"<h3>{html.escape(entry.name)}</h3>",
                 part(self.tr("一级 / 二级指标"), f"{entry.level1} / {entry.level2}"),
                 part(self.tr("指标值"), target),
                 part(self.tr("指标解释"), entry.definition),
                 part(self.tr("评分标准"), entry.scoring)]
        if entry.note:
            parts.append(part(self.tr("说明"), entry.note))
        if entry.keywords:
            parts.append(part(self.tr("关键词"), entry.keywords))
        parts.append(part(self.tr("来源"), source))
        return "".join(parts)

    def _double_clicked(self, _index: QModelIndex) -> None:
        self.accept()

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter or ↓ in the search box searches now and goes to the results (Enter there
        # inserts): Enter must not insert a result of the words typed before.
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() in (
                    Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():
                self.search_now()
            if self.model.rowCount():
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection():
                    self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)
