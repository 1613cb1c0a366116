"""The accountant's ledger: one registry of what the company issued and drafted."""
