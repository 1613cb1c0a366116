"""`flask --app wsgi webhooks-reseal`: seal every endpoint's secret under the current key."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.extensions import db
from portal.models import WebhookEndpoint
from portal.webhooks import vault


def reseal_all() -> int:
    """After a change of WEBHOOKS_SECRET_KEY/SECRET_KEY (the old one in WEBHOOKS_OLD_SECRET_KEYS):
    every secret sealed again under the new key; how many. The secrets themselves do not change."""
    endpoints = db.session.execute(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).scalars().all()
    for endpoint in endpoints:
        endpoint.secret_sealed = vault.reseal(endpoint.secret_sealed)
    db.session.commit()
    return len(endpoints)


@click.command("webhooks-reseal")
@with_appcontext
def reseal_command() -> None:
    """Seal webhook secrets under the current key; then the old key may leave WEBHOOKS_OLD_SECRET_KEYS."""
    click.echo(f"секретов вебхуков запечатано заново: {reseal_all()}")
