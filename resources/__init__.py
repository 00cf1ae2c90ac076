"""Package data: examples and other resources read with importlib.resources."""
