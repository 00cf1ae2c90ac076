"""Developer scripts; they register the templates as the start-up does."""
