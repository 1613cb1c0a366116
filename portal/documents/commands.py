"""`flask --app wsgi issue-batch`: month-end invoicing from the command line.

A batch of hundreds of documents takes minutes, longer than a web request should live, so it
runs here, over `portal.documents.batch` (numbers stay consecutive, rendering uses every core).
"""
import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.documents.batch import issue_batch
from portal.extensions import db
from portal.models import Staff
from portal.models.issued import FORMS, IssuedDocument
from portal.models.smart_docs import SmartDocument
from portal.smart_docs.types import DOC_TYPES
from portal.staffing.accounts import find_user
from portal.staffing.service import staff_of


def _issuer(email: str) -> Staff:
    """The staff record the batch is issued as; the command stops with a message otherwise."""
    staff = staff_of(find_user(email))  # None for an unknown e-mail too
    if staff is None:
        raise click.BadParameter(f"{email} не сотрудник ни одной компании.", param_hint="--user")
    return staff


def not_issued_ids(company_id: int, doc_type: str) -> list[str]:
    """Public ids of the company's documents of a type that have never been issued, oldest first."""
    issued = select(IssuedDocument.content_id).where(
        IssuedDocument.company_sender_id == company_id, IssuedDocument.type == doc_type
    )
    return list(db.session.execute(
        select(SmartDocument.public_id)
        .where(SmartDocument.company_id == company_id, SmartDocument.doc_type == doc_type,
               SmartDocument.public_id.not_in(issued))
        .order_by(SmartDocument.date, SmartDocument.id)
    ).scalars())


@click.command("issue-batch")
@click.option("--user", "email", required=True, help="E-mail сотрудника, от имени которого выпускаются документы.")
@click.option("--type", "doc_type", required=True, type=click.Choice(sorted(DOC_TYPES)), help="Тип документов.")
@click.option("--form", type=click.Choice(sorted(FORMS)), default="pr", show_default=True,
              help="pu — публичный, pr — закрытый.")
@click.option("--not-issued", is_flag=True, help="Выпустить все документы этого типа, которые ещё не выпускались.")
@click.option("--workers", type=click.IntRange(min=1, max=16), default=2, show_default=True,
              help="Процессов для отрисовки PDF.")
@click.option("--base-url", default=None, help="Адрес портала для QR-кодов (по умолчанию PUBLIC_URL).")
@click.argument("content_ids", nargs=-1)
@with_appcontext
def issue_batch_command(email, doc_type, form, not_issued, workers, base_url, content_ids) -> None:
    """Выпустить пачку документов одного типа (номера идут подряд, PDF рисуются параллельно)."""
    base_url = base_url or current_app.config.get("PUBLIC_URL")
    if not base_url:
        raise click.UsageError("Укажите --base-url или настройку PUBLIC_URL (PORTAL_PUBLIC_URL): её адрес попадёт в QR-коды.")
    staff = _issuer(email)
    wanted = list(content_ids) + (not_issued_ids(staff.company_id, doc_type) if not_issued else [])
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        click.echo("Нечего выпускать.")
        return
    # Workers build their own app from the same database as this one.
    config = {"DATABASE_URL": current_app.config["SQLALCHEMY_DATABASE_URI"], "PUBLIC_URL": base_url}
    result = issue_batch(staff.id, doc_type, form, wanted, base_url, config, workers=workers)
    for doc_id, number in result.issued:
        click.echo(f"{number}\t{doc_id}")
    click.echo(f"Выпущено: {len(result.issued)} из {len(wanted)}.")
    if result.error:
        raise click.ClickException(f"Выпуск остановлен: {result.error}. Номера выпущенных идут подряд, "
                                   "остальные документы не выпущены.")
