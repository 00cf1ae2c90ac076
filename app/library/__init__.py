"""The indicator library (指标库): indicators from the shipped frameworks and from every
document opened or saved, searchable offline (SQLite FTS5). Decisions: docs/library.md."""
from app.library.entries import (DOCUMENT, FRAMEWORK, DocumentRows, LibraryEntry, Source,
                                 document_rows, document_source, framework_sources, rows_source)
from app.library.rows import row_for_entry
from app.library.opening import open_library, rebuild_library
from app.library.schema import SCHEMA_VERSION
from app.library.store import IndicatorLibrary, LibraryError

__all__ = ["DOCUMENT", "FRAMEWORK", "SCHEMA_VERSION", "DocumentRows", "IndicatorLibrary",
           "LibraryEntry", "LibraryError", "Source", "document_rows", "document_source",
           "framework_sources", "open_library", "rebuild_library", "row_for_entry",
           "rows_source"]
