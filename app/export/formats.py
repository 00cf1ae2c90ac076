"""The export formats, by file extension, and their names for the officer."""
FORMATS = ("docx", "xlsx", "pdf")
FORMAT_NAMES = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF"}
