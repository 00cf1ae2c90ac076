"""A tab of labelled fields, generated from one of the template's sections."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QWidget

from app.checks import Location
from app.templates import Section
from ui.computed_result import attach_computed_result
from ui.fields import INLINE_KINDS, TextField, field_editor, field_title
from ui.session import DocumentSession
from ui.tabs.base import EditorTab


def section_form(session: DocumentSession, section: Section, prefix: str,
                 parent: QWidget) -> tuple[QWidget, dict[str, QWidget]]:
    """A form of the section's fields; returns it and its editors by model path."""
    form = QWidget(parent)
    layout = QFormLayout(form)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    editors: dict[str, QWidget] = {}
    for spec in section.fields:
        editor = field_editor(session, spec, prefix, form)
        editors[prefix + spec.path] = editor
        if isinstance(editor, TextField):  # its title shares a line with its counter
            layout.addRow(editor)
            continue
        label = QLabel(field_title(spec), form)
        label.setWordWrap(True)
        if spec.kind in INLINE_KINDS:
            layout.addRow(label, editor)
        else:
            layout.addRow(label)
            layout.addRow(editor)
    attach_computed_result(session, editors, form)  # 总分 and 等级 show what prints while empty
    return form, editors


class FieldsTab(EditorTab):
    def __init__(self, session: DocumentSession, section: Section,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.section = section
        self.title = section.title
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        form, self.editors = section_form(session, section, "", scroll)
        scroll.setWidget(form)
        outer = QFormLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addRow(scroll)
        self.scroll_area = scroll

    def focus_location(self, location: Location) -> bool:
        return focus_editor(self.editors, location.path, self.scroll_area)


def focus_editor(editors: dict[str, QWidget], path: str, scroll: QScrollArea | None) -> bool:
    """Focus the editor of ``path`` (or of the field that holds it) and select its text."""
    for editor_path, editor in editors.items():
        if path == editor_path or path.startswith((editor_path + ".", editor_path + "[")):
            target = editor
            for kind in (QPlainTextEdit, QLineEdit):
                if not isinstance(target, kind):
                    found = editor.findChild(kind)
                    target = found if found is not None else target
            if scroll is not None:
                scroll.ensureWidgetVisible(editor)
            target.setFocus()
            if isinstance(target, QLineEdit):
                target.selectAll()
            elif isinstance(target, QPlainTextEdit):
                target.selectAll()
            return True
    return False
