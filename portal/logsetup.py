"""Logging for the portal's own long-running processes (scheduler, worker).

The terminal of `scripts/run.sh` shows the web server, the scheduler and the worker together,
so each line must be worth reading: the portal's own INFO lines (what a job did) and every
warning stay; the libraries' bookkeeping (APScheduler's «Running job …/executed successfully»
every minute, Huey's «Executing …/executed in …» per task; its start-up lines stay) and each retry of a market fetch
(the final failure is one warning) go to DEBUG. `PORTAL_LOG_LEVEL=DEBUG` shows them all again.
"""
import logging
import os

QUIET = {
    "apscheduler": logging.WARNING,
    "huey": logging.WARNING,  # «Executing …», «… executed in 0.04s» per task
    "huey.consumer": logging.INFO,  # a few lines at start and stop: which queue, how many workers
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
