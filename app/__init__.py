"""jixiao core: the document model, the project file, templates' shared types and the CLI.

Nothing here imports Qt widgets or the ``ui`` package.
"""
