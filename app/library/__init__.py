"""The indicator library (指标库): indicators from the shipped frameworks and from every
document opened or saved, searchable offline (SQLite FTS5). Decisions: docs/library.md."""
from app.library.entries import (DOCUMENT, FRAMEWORK, LibraryEntry, Source, document_source,
                                 framework_sources)
from app.library.rows import row_for_entry
from app.library.store import (SCHEMA_VERSION, IndicatorLibrary, LibraryError, open_library,
                               rebuild_library)

__all__ = ["DOCUMENT", "FRAMEWORK", "SCHEMA_VERSION", "IndicatorLibrary", "LibraryEntry",
           "LibraryError", "Source", "document_source", "framework_sources", "open_library",
           "rebuild_library", "row_for_entry"]
