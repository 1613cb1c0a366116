"""Market data: KZT exchange rates and business news, fetched on a schedule and served offline-safe.

parse (safe XML → data), fetch (HTTP with limits), store, jobs (fetch + store + log), service
(reading for pages and the dashboard), serialize (JSON shapes), convert, chart, scheduler,
commands (CLI) and demo (the bundled snapshot).
"""
