"""Chart layouts: pure functions from figures to the geometry the SVG templates draw."""
