"""Background work on a task queue (Huey): e-mails, issue runs, market fetches.

- `queue`: the Huey instance and how its storage comes from configuration (an SQLite file in
  `instance/` by default, Redis when `TASKS_URL=redis://...`).
- `ledger`: the `task_jobs` rows that make the work survive a killed worker (claim with a
  lease, finish, fail, recover, retry by hand, progress).
- `jobs`: the Huey tasks themselves; they call the service functions.
- `issuing`: an issue run (bulk issue from a list, `issue-batch`) cut into chunk jobs.
- `clock`: what the scheduler (APScheduler) enqueues on its intervals.
- `worker`: `flask --app wsgi worker`, the consumer.
"""
