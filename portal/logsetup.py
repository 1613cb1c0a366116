"""Logging for the portal's own long-running processes (scheduler, worker).

The terminal of `scripts/run.sh` shows the web server, the scheduler and the worker together,
so each line must be worth reading: the portal's own INFO lines (what a job did), Huey's line
per task run and every warning stay; APScheduler's bookkeeping («Adding job», «Running job …»,
«… executed successfully», four jobs a minute) and each retry of a market fetch (the final
failure is one warning) are left out. `PORTAL_LOG_LEVEL=DEBUG` shows them all again.
"""
import logging
import os

QUIET = {
    "apscheduler": logging.WARNING,
    "portal.market.fetch": logging.WARNING,
}
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_process_logging() -> None:
    level = os.environ.get("PORTAL_LOG_LEVEL", "").upper()
    logging.basicConfig(level=getattr(logging, level, logging.INFO) if level else logging.INFO, format=FORMAT)
    if level == "DEBUG":
        return
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)
