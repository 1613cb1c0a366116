"""What every smart-doc view needs: the caller's company and the submitted payload."""
from flask import request
from flask_login import current_user

from portal.models import Staff
from portal.staffing.service import staff_of
from portal.web.errors import ApiError, ValidationFailed


def current_staff() -> Staff:
    """The caller's position; smart documents belong to a company, so one is required."""
    staff = staff_of(current_user)
    if staff is None:
        raise ApiError(403, "Документы доступны сотрудникам компании: сначала присоединитесь к компании.")
    return staff


def payload() -> dict:
    """The request body: a JSON object, or the fields of a submitted form."""
    if request.is_json:
        data = request.get_json(silent=True)
        if data is None:
            raise ValidationFailed({"non_field_errors": ["Тело запроса — неверный JSON."]})
        if not isinstance(data, dict):
            raise ValidationFailed({"non_field_errors": ["Ожидается JSON-объект с полями."]})
    else:
        data = request.form.to_dict()
    if request.method == "PATCH" and not data and not request.files:
        # A PATCH that names no field would answer 200 having changed nothing: say so instead.
        raise ValidationFailed({"non_field_errors": ["Пустой PATCH: укажите хотя бы одно поле."]})
    return data
