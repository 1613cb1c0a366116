"""Sessions and accounts that behave like a bank's: server-side logins that really end, password
changes and resets that end other logins, registration that reveals nothing, API tokens with
names, and login limits shared by every worker process."""
