"""The company directory (placeholder docstring, written in full at the end of issue #15)."""
