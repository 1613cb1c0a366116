"""Bank statements: reading 1C and CSV/XLSX files, matching incoming payments to open invoices,
confirming the matches as payments."""
