"""Text kept exactly as typed, minus the characters a Word/Excel file cannot hold."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

# XML 1.0 forbids C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF; python-docx and
# openpyxl raise on them. Text pasted from WPS/Excel can carry them, so they go at the boundary.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Long enough for any narrative a bureau accepts (and the 100,000-character property test);
# short enough that a hostile file cannot make us hold hundreds of megabytes of one field.
MAX_TEXT_LENGTH = 200_000


def clean_text(value: str) -> str:
    """Drop characters that cannot be stored in a docx/xlsx; everything else stays as typed."""
    return _XML_ILLEGAL.sub("", value)


Text = Annotated[str, AfterValidator(clean_text), Field(max_length=MAX_TEXT_LENGTH)]
