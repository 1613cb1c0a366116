"""«Повторить» on a failed recurring run (issue #20's leftover): the director retries it from the
schedule's page (htmx row) or the API; the period then has exactly one document; walls and roles.

The run fails for a real reason: when it ran, the company had no director to make the document
as (the only one had been made a worker); a director appointed again retries it."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.chores import runs as chore_runs
from portal.chores import schedules
from portal.extensions import db
from portal.models import IssuedDocument, ScheduleRun, SmartDocument
from portal.models.accounts import ROLE_DIRECTOR, ROLE_WORKER
from portal.timeutil import today_almaty
from tests.chores_support import schedule_body, template_invoice
from tests.test_documents_support import buyer, headers, staff_of_user  # noqa: F401  (fixtures)

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}


@pytest.fixture
def app_config():
    return {"TASKS_RETRIES": 0}  # one attempt: the first failure is final


@pytest.fixture
def failed(client, headers, buyer, director):
    """A schedule whose run of today failed; the director is a director again afterwards."""
    source = template_invoice(client, headers, buyer)
    staff = staff_of_user(director)
    schedule = schedules.create_schedule(staff, schedule_body(source, today_almaty()), "http://portal.test/")
    schedule.staff_id = None
    staff.role = ROLE_WORKER
    db.session.commit()
    chore_runs.plan_due()  # the queue runs the job at once in tests: it fails, for good (one attempt)
    staff.role = ROLE_DIRECTOR
    db.session.commit()
    run = db.session.execute(select(ScheduleRun)).scalar_one()
    assert run.state == "failed" and "нет директора" in run.last_error
    return {"s": schedule.public_id, "period": run.period_start.isoformat(), "schedule_id": schedule.id,
            "path": f"/recurring/{schedule.public_id}/runs/{run.period_start.isoformat()}/retry/"}


def _documents(schedule_id: int) -> tuple:
    """(state of the run, issued documents of the schedule's runs, drafts made from it)."""
    db.session.expire_all()
    run = db.session.execute(select(ScheduleRun).where(ScheduleRun.schedule_id == schedule_id)).scalar_one()
    issued = db.session.execute(select(func.count()).select_from(IssuedDocument)).scalar()
    drafts = db.session.execute(select(func.count()).select_from(SmartDocument)).scalar() - 1  # minus the template
    return run.state, issued, drafts


def test_a_failed_run_retried_makes_exactly_one_document(client, headers, failed):
    assert _documents(failed["schedule_id"]) == ("failed", 0, 0)
    response = client.post(failed["path"], headers=headers)
    assert response.status_code == 202, response.get_data(as_text=True)
    body = response.get_json()
    # Queued, and (the queue runs at once in tests) made: the period's document, numbered.
    assert body["period_start"] == failed["period"] and body["state"] == "done" and body["last_error"] == ""
    assert body["document"]["number"]
    assert _documents(failed["schedule_id"]) == ("done", 1, 1)
    # Done now: another retry is a 409 and makes nothing; neither does the next scheduler pass.
    again = client.post(failed["path"], headers=headers)
    assert again.status_code == 409 and "только запуск с ошибкой" in again.get_json()["detail"]
    chore_runs.plan_due()
    assert _documents(failed["schedule_id"]) == ("done", 1, 1)
    schedule = client.get(f"/recurring/{failed['s']}/", headers=headers).get_json()
    assert [(r["period_start"], r["state"]) for r in schedule["runs"]] == [(failed["period"], "done")]


def test_walls_and_roles(client, failed, other_director, worker, token_headers):
    other = token_headers("other@test.kz", "other-pass")
    assert client.post(failed["path"], headers=other).status_code == 404
    assert client.post(failed["path"], headers=JSON).status_code == 401
    anonymous_page = client.post(failed["path"], headers=HTML)
    assert anonymous_page.status_code == 302 and "/auth/login/" in anonymous_page.headers["Location"]
    work = token_headers("worker@test.kz", "worker-pass")
    refused = client.post(failed["path"], headers=work)
    assert refused.status_code == 403 and "директор" in refused.get_json()["detail"]
    assert _documents(failed["schedule_id"]) == ("failed", 0, 0)


def test_a_path_naming_no_run_is_a_404(client, headers, failed):
    base = f"/recurring/{failed['s']}/runs"
    day_before = (today_almaty() - timedelta(days=1)).isoformat()
    for period in (day_before, "2026-13-01", "yesterday!"):
        assert client.post(f"{base}/{period}/retry/", headers=headers).status_code == 404, period
    assert client.post(f"/recurring/zzzzzzzz/runs/{failed['period']}/retry/", headers=headers).status_code == 404


def test_the_page_retries_a_row_with_htmx(client, failed, login, worker, director):
    login("worker@test.kz", "worker-pass")
    page = client.get(f"/recurring/{failed['s']}/", headers=HTML).get_data(as_text=True)
    assert "нет директора" in page and failed["path"] not in page  # workers see, do not retry
    client.post("/auth/logout/")
    login("director@test.kz", "director-pass")
    page = client.get(f"/recurring/{failed['s']}/", headers=HTML).get_data(as_text=True)
    assert f'hx-post="{failed["path"]}"' in page and "Повторить" in page
    row = client.post(failed["path"], headers={**HTML, "HX-Request": "true"})
    assert row.status_code == 202
    text = row.get_data(as_text=True)
    assert text.lstrip().startswith("<tr") and "Запуск поставлен в очередь." in text and "готово" in text
    assert "Повторить" not in text
    # Without htmx: a flash and back to the page.
    refused = client.post(failed["path"], headers=HTML)
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/recurring/{failed['s']}/")
    assert _documents(failed["schedule_id"]) == ("done", 1, 1)
