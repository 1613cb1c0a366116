"""Staffing: who works for which company, how people get in (claims, invites, accounts), and the staff pages."""
