"""The 100-project × 30-indicator document exports in all formats (times: make bench)."""
import pytest

from app.export import export_document
from bench.documents import large_document
from tests.readback import docx_rows, xlsx_cells


@pytest.mark.slow
def test_hundred_projects_export_in_all_formats(tmp_path):
    document = large_document(projects=100, indicators=30)
    files = {p.suffix[1:]: p for p in export_document(document, tmp_path)}
    assert set(files) == {"docx", "xlsx", "pdf"}
    names = {f"项目99指标{i}完成率" for i in range(30)}
    assert names <= {text for row in docx_rows(files["docx"]) for text in row}
    sheets = xlsx_cells(files["xlsx"])
    assert len(sheets) >= 100
    assert names <= {c.value for cells in sheets.values() for c in cells}
