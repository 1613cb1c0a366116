"""`flask --app wsgi demo-data`: load the demo directory and the demo accounts."""
import click
from flask.cli import with_appcontext

from portal.demo.quotas import SEED_COMPANIES
from portal.demo.loader import DEFAULT_BATCH, load_demo
from portal.extensions import db


@click.command("demo-data")
@click.option("--companies", type=click.IntRange(min=0), default=SEED_COMPANIES, show_default=True,
              help="Сколько компаний должно быть в демо-справочнике (e-mail и телефоны — в той же пропорции).")
@click.option("--batch-size", type=click.IntRange(min=100, max=20000), default=DEFAULT_BATCH, show_default=True,
              help="Компаний в одной транзакции.")
@with_appcontext
def demo_data(companies: int, batch_size: int) -> None:
    """Загрузить демо-справочник компаний и демо-учётные записи (повторный запуск ничего не меняет)."""
    load_demo(db.session, companies=companies, progress=click.echo, batch_size=batch_size)
