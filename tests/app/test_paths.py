from decimal import Decimal

import pytest
from pydantic import ValidationError

from app.paths import get_path, parse_path, set_path
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES


def test_parse():
    assert parse_path("department.funds.expense_items[3].full_year") == [
        "department", "funds", "expense_items", 3, "full_year"]


def test_get_and_set_validate_like_a_file():
    document = load_document(EXAMPLE_FILES["jiangsu"])
    path = "department.funds.expense_items[2].full_year"
    assert get_path(document, path) == Decimal("40.32")
    set_path(document, path, "40.3")
    assert get_path(document, path) == Decimal("40.30")
    set_path(document, "department.functions[0]", "新\x0b职能")
    assert document.department.functions[0] == "新职能"
    set_path(document, "unit_name", "单位\x00名")
    assert document.unit_name == "单位名"
    with pytest.raises(ValidationError):
        set_path(document, path, "-1")
