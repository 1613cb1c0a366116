"""The one way writes answer and the one htmx policy for errors (portal.web.answers, base.html)."""
import json
import re

from flask_wtf import FlaskForm
from wtforms import StringField

from portal.errors import ApiError, ValidationFailed
from portal.web.answers import answer_refused, answer_write, copy_field_errors

HTMX = {"HX-Request": "true", "Accept": "text/html"}


class _Form(FlaskForm):
    name = StringField()


def _fragment(status=200, notice=None, error=None):
    from flask import make_response
    return make_response(f"<p>{notice or ''}|{error or ''}</p>", status)


def test_an_error_page_answered_to_htmx_goes_to_the_message_area(client):
    response = client.get("/clients/sections/0badc0de/", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#messages" and response.headers["HX-Reswap"] == "innerHTML"
    assert "<html" not in html and 'class="flash flash--error"' in html
    assert "HX-Request" in response.headers["Vary"]
    page = client.get("/clients/sections/0badc0de/", headers={"Accept": "text/html"})
    assert "HX-Retarget" not in page.headers and "<html" in page.get_data(as_text=True)


def test_the_page_sets_one_htmx_policy_that_swaps_4xx(client):
    html = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", html).group(1))
    handling = {rule["code"]: rule for rule in config["responseHandling"]}
    assert re.fullmatch(handling["[234].."]["code"], "400") and handling["[234].."]["swap"] is True
    assert handling["5.."]["error"] is True and handling["204"]["swap"] is False
    assert 'id="messages"' in html


def test_a_write_answers_each_kind_of_caller(app):
    with app.test_request_context("/", headers={"Accept": "application/json"}):
        response = answer_write({"id": "x"}, "Готово.", redirect_to="/back/", fragment=_fragment, status=201)
        assert response.status_code == 201 and response.get_json() == {"id": "x"}
        assert answer_write(None, "Готово.", redirect_to="/back/").status_code == 204
    with app.test_request_context("/", headers=HTMX):
        response = answer_write({"id": "x"}, "Готово.", redirect_to="/back/", fragment=_fragment, status=201)
        assert response.status_code == 201 and response.get_data(as_text=True) == "<p>Готово.|</p>"
    with app.test_request_context("/", headers={"Accept": "text/html"}):
        response = answer_write({"id": "x"}, "Готово.", redirect_to="/back/", fragment=_fragment)
        assert response.status_code == 302 and response.headers["Location"] == "/back/"


def test_a_refusal_says_why_in_place_or_keeps_its_error_page(app):
    with app.test_request_context("/", headers=HTMX):
        response = answer_refused(ApiError(409, "Уже удалено."), redirect_to="/back/", fragment=_fragment)
        assert response.status_code == 409 and "|Уже удалено." in response.get_data(as_text=True)
        invalid = answer_refused(ValidationFailed({"name": ["Пусто."]}), redirect_to="/back/", fragment=_fragment)
        assert invalid.status_code == 400 and "|Пусто." in invalid.get_data(as_text=True)
    with app.test_request_context("/", headers={"Accept": "text/html"}):
        assert answer_refused(ApiError(409, "Уже удалено."), redirect_to="/back/").status_code == 302
        for status in (403, 404):
            try:
                answer_refused(ApiError(status, "Нет."), redirect_to="/back/")
            except ApiError as exc:
                assert exc.status == status
            else:
                raise AssertionError(f"{status} must keep its error page")


def test_field_errors_land_beside_their_fields(app):
    with app.test_request_context("/", method="POST", data={"name": ""}):
        form = _Form(meta={"csrf": False})
        form.validate()
        copy_field_errors(form, {"name": ["Занято.", "Занято."], "non_field_errors": ["Не так."]})
        assert form.name.errors == ["Занято."] and form.form_errors == ["Не так."]
