"""Kazakhstan's identifiers and codes (BIN/IIN, ...), as plain functions with no Flask in them."""
