"""HTTP plumbing shared by every blueprint: negotiation, pagination, errors, headers."""
