"""The Qt desktop interface. It reads and edits documents only through the core (``app``)."""
