"""Benchmarks: ``python -m bench`` (``make bench``). Never part of the test run."""

import forms

forms.register_all()  # as the start-up does: every template is known to the core
