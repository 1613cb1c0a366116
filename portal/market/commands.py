"""`flask --app wsgi scheduler | fetch-rates | fetch-news`: the market jobs from the shell."""
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db
from portal.logsetup import configure_process_logging
from portal.market.jobs import backfill_rates, fetch_news, fetch_rates


def _report(outcomes) -> None:
    """Print each outcome; exit 1 when any fetch failed, so cron and operators notice."""
    for outcome in outcomes:
        click.echo(outcome.line())
    if any(not outcome.ok for outcome in outcomes):
        raise SystemExit(1)


@click.command("fetch-rates")
@click.option("--days", type=click.IntRange(0, 366), default=0,
              help="Также загрузить курсы за последние N дней по дате (для графика новой установки).")
@with_appcontext
def fetch_rates_command(days: int) -> None:
    """Fetch the National Bank's rates once and print what was stored."""
    outcomes = backfill_rates(db.session, current_app.config, days) if days else []
    outcomes.append(fetch_rates(db.session, current_app.config))
    _report(outcomes)


@click.command("fetch-news")
@with_appcontext
def fetch_news_command() -> None:
    """Fetch every configured news feed once and print what was stored."""
    outcomes = fetch_news(db.session, current_app.config)
    if not outcomes:
        click.echo("Ленты новостей не настроены (PORTAL_NEWS_FEEDS).")
    _report(outcomes)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the market fetches on their intervals until stopped (a process of its own)."""
    from portal.market.scheduler import build_scheduler

    configure_process_logging()
    app = current_app._get_current_object()
    scheduler = build_scheduler(app)

    def stop(signum, frame):
        """SIGTERM (systemd, docker, the run script) stops like Ctrl+C."""
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    click.echo(
        f"Планировщик запущен: курсы каждые {app.config['RATES_INTERVAL_MINUTES']} мин, "
        f"новости каждые {app.config['NEWS_INTERVAL_MINUTES']} мин. Остановка: Ctrl+C."
    )
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if scheduler.running:
            scheduler.shutdown()
        click.echo("Планировщик остановлен.")


COMMANDS = [fetch_rates_command, fetch_news_command, scheduler_command]
