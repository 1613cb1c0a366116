"""Business rules as plain functions, shared by HTML views, JSON views, the CLI and jobs."""
