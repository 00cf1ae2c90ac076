"""Text kept exactly as typed, minus what a Word/Excel or UTF-8 file cannot hold."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

# XML 1.0 forbids C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF; python-docx and
# openpyxl raise on them. Text pasted from WPS/Excel can carry them, so they go at the boundary.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# A lone UTF-16 surrogate (a "\ud800" escape in hand-edited JSON, invalid bytes in a command-line
# argument, a broken paste) cannot be encoded as UTF-8: the document could never be saved again.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"  # �: the damage stays visible where it was, instead of vanishing

# Long enough for any narrative a bureau accepts (and the 100,000-character property test);
# short enough that a hostile file cannot make us hold hundreds of megabytes of one field.
MAX_TEXT_LENGTH = 200_000


def clean_text(value: str) -> str:
    """Drop characters a docx/xlsx cannot hold, replace lone surrogates by U+FFFD; everything
    else stays as typed (no trimming, no normalisation)."""
    return _SURROGATE.sub(REPLACEMENT, _XML_ILLEGAL.sub("", value))


def has_surrogates(value: str) -> bool:
    return _SURROGATE.search(value) is not None


def printable(value: str) -> str:
    """``value`` with lone surrogates written as ``\\udXXX``: safe to print, log or show."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


Text = Annotated[str, AfterValidator(clean_text), Field(max_length=MAX_TEXT_LENGTH)]
