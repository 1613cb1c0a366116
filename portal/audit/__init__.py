"""The audit log (the `sessions` branch owns this package; this is the interface it provides)."""
