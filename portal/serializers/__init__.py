"""Explicit JSON shapes: the seed API's keys, never an object's `__dict__`."""
