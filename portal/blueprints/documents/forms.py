"""Forms of the documents pages: they carry values and show errors; the services decide."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

FORM_CHOICES = [SelectChoice("pu", "Публичный: на странице проверки видны стороны, номер, дата и сумма"),
                SelectChoice("pr", "Закрытый: страница проверки подтверждает только существование")]


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class IssueForm(FlaskForm):
    """The «Выпустить PDF» panel on a document's page.

    The page names its inputs `doc_type` and `visibility` where the API says `type` and
    `form`: an input named `form` inside a <form> shadows DOM properties htmx reads.
    """

    doc_type = HiddenField()
    content_id = HiddenField()
    company_recipient = HiddenField()
    visibility = RadioField("Видимость на странице проверки", choices=FORM_CHOICES, default="pr")
    email_recipients = StringField("Отправить PDF на e-mail", validators=[Optional()])

    # API key → panel input, for putting messages beside the right input.
    API_NAMES = {"type": "doc_type", "form": "visibility"}


def issue_payload(form_data) -> dict:
    """The panel's inputs as the API's keys."""
    return {
        "type": form_data.get("doc_type"), "form": form_data.get("visibility"),
        "content_id": form_data.get("content_id"), "company_recipient": form_data.get("company_recipient"),
        "email_recipients": form_data.get("email_recipients"),
        "reissue": form_data.get("reissue") or False,
    }


class CheckForm(FlaskForm):
    """«Проверить документ»: the code from the QR and the file."""

    class Meta:
        csrf = False  # a check changes nothing, and integrators post it without a session

    document_id = StringField("Код документа (13 цифр под QR-кодом) или id")
    document = FileField("PDF-файл")


class NumberingForm(FlaskForm):
    """«Продолжить нумерацию с номера»."""

    type = SelectField("Тип документа")
    year = IntegerField("Год", validators=[Optional()])
    next_number = IntegerField("Следующий номер", validators=[Optional()])


class ViewersForm(FlaskForm):
    """Share with colleagues or the recipient's staff."""

    staff = SelectField("Сотрудник")


class MailForm(FlaskForm):
    """«Отправить PDF по e-mail» on an issued document's page."""

    email_recipients = StringField("Адреса (через запятую)")
