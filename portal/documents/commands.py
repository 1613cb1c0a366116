"""`flask --app wsgi issue-batch`: month-end invoicing from the command line.

By default the batch is an issue run on the task queue (`portal.tasks.issuing`): its numbers
are reserved at once, its chunks are rendered by every worker on every machine sharing the
queue, and the command waits, printing the progress. `--here` renders in this process's own
pool instead (`portal.documents.batch`), for a machine without workers.
"""
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.documents.batch import issue_batch
from portal.errors import ValidationFailed
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
@click.option("--here", is_flag=True, help="Рисовать PDF в этом процессе (--workers), без очереди задач.")
@click.option("--no-wait", is_flag=True, help="Поставить в очередь и не ждать окончания.")
@click.argument("content_ids", nargs=-1)
@with_appcontext
def issue_batch_command(email, doc_type, form, not_issued, workers, base_url, here, no_wait, content_ids) -> None:
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
    if not here:
        _through_queue(staff, doc_type, form, wanted, base_url, wait=not no_wait)
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


def _through_queue(staff: Staff, doc_type: str, form: str, wanted: list[str], base_url: str, wait: bool) -> None:
    """Start the run on the task queue and (unless told not to) follow it until it is final."""
    from portal.tasks.issuing import run_records, start_run
    from portal.tasks.ledger import progress

    try:
        run = start_run(staff, doc_type, form, wanted, base_url, f"issue-batch: {doc_type}, {len(wanted)} шт.")
    except ValidationFailed as exc:  # nothing reserved, nothing queued
        raise click.ClickException(" ".join(m for messages in exc.errors.values() for m in messages)) from None
    click.echo(f"Задача #{run.id} в очереди: {len(wanted)} документов (flask worker выполняет её).")
    if not wait:
        return
    shown = -1
    while True:
        db.session.expire_all()
        state = progress(run)
        if state.done != shown:
            click.echo(f"  {state.done} из {state.total} ({state.percent}%)", err=True)
            shown = state.done
        if state.final:
            break
        time.sleep(0.5)
    for record in run_records(run):
        click.echo(f"{record.number}\t{record.doc_id}")
    click.echo(f"Выпущено: {state.done} из {state.total}.")
    if state.state == "failed":
        raise click.ClickException(f"Выпуск остановлен: {state.last_error}. Номера оставшихся документов "
                                   "зарезервированы; повторите задачу на странице /tasks/.")
