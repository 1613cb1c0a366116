"""Forms that read JSON too: a JSON object's scalars become the form's fields."""
from flask import request
from werkzeug.datastructures import ImmutableMultiDict

from portal.errors import ValidationFailed


def _json_formdata(strict: frozenset | None = None) -> ImmutableMultiDict:
    """A JSON body as form data: an object of scalars, each read as text, or a 400.

    With `strict` (the form's boolean field names), a value must be a string, or a boolean
    for those fields: an account form does not guess what `false` as a name meant.
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed({"non_field_errors": ["Ожидается JSON-объект."]})
    values = {}
    for key, value in body.items():
        if isinstance(value, (dict, list)):
            raise ValidationFailed({str(key): ["Ожидается строка."]})
        if strict is not None and value is not None and not isinstance(value, str) \
                and not (key in strict and isinstance(value, bool)):
            raise ValidationFailed({str(key): ["Ожидается строка."]})
        values[str(key)] = "" if value is None else str(value)
    return ImmutableMultiDict(values)


def bind(form_class, strict: bool = False, **kwargs):
    """Fill a form from the request: form fields for people, a JSON object for integrators."""
    if request.method in ("POST", "PUT", "PATCH") and request.is_json:
        booleans = None
        if strict:
            booleans = frozenset(name for name, field in vars(form_class).items()
                                 if getattr(getattr(field, "field_class", None), "__name__", "") == "BooleanField")
        return form_class(formdata=_json_formdata(booleans), **kwargs)
    return form_class(**kwargs)
