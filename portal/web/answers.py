"""How every write answers, in one place.

A write (create, update, delete, an action) answers three kinds of caller:
- an API client gets JSON with the write's status (or 204 with nothing to say);
- htmx gets the refreshed fragment, with the notice or the reason it was refused;
- a plain form post gets a flash message and a redirect (post/redirect/get).

The htmx side of a refusal relies on the page's one `responseHandling` policy (base.html):
4xx fragments are swapped in place, so a form re-shown with its messages replaces the form,
and error pages sent to htmx are retargeted to the page's message area (`portal.web.errors`).
"""
from typing import Any, Callable

from flask import Response, flash, jsonify, make_response, redirect, render_template

from portal.errors import ApiError, ValidationFailed
from portal.web.negotiation import add_vary, is_htmx, wants_json

# fragment(status=..., notice=... | error=...) -> the refreshed htmx fragment as a Response.
Fragment = Callable[..., Response]


def render_fragment(template: str, status: int = 200, **context: Any) -> Response:
    """A page or fragment that varies by Accept and HX-Request (the same URL answers JSON)."""
    response = make_response(render_template(template, **context), status)
    return add_vary(response, "Accept", "HX-Request")


def answer_write(payload: Any, message: str, *, redirect_to: str, fragment: Fragment | None = None,
                 status: int = 200) -> Response:
    """A finished write: JSON with `status` (204 when `payload` is None), the refreshed htmx
    fragment with `message` as its notice, or `message` flashed and a redirect to `redirect_to`."""
    if wants_json():
        if payload is None:
            return Response(status=204)
        response = jsonify(payload)
        response.status_code = status
        return add_vary(response, "Accept", "HX-Request")
    if fragment is not None and is_htmx():
        return fragment(status=status, notice=message)
    flash(message, "success")
    return redirect(redirect_to)


def refusal_message(exc: ApiError | ValidationFailed) -> str:
    """One sentence saying why a write was refused (the first message of a validation error)."""
    if isinstance(exc, ApiError):
        return exc.detail
    for messages in exc.errors.values():
        if messages:
            return str(messages[0])
    return "Запрос отклонён."


def answer_refused(exc: ApiError | ValidationFailed, *, redirect_to: str,
                   fragment: Fragment | None = None) -> Response:
    """A refused write: API clients and error pages as usual; people on the page see why, in place.

    JSON callers get the error raised (the error handlers shape it). For htmx the fragment is
    rendered again with the reason. A plain form post is sent back with the reason flashed,
    except for 403 and 404, which keep their own page (nothing to go back to).
    """
    status = exc.status if isinstance(exc, ApiError) else 400
    if wants_json():
        raise exc
    if fragment is not None and is_htmx():
        return fragment(status=status, error=refusal_message(exc))
    if status in (403, 404):
        raise exc
    flash(refusal_message(exc), "error")
    return redirect(redirect_to)


def copy_field_errors(form, errors: dict[str, list[str]]) -> None:
    """Put a service's field errors beside the form's fields, so the form shows them when re-shown.

    Messages for fields the form does not have (`non_field_errors`, a model-only field) go to
    the form's own `form_errors`, shown above the fields.
    """
    for name, messages in errors.items():
        target = form[name].errors if name in form else None
        if target is None:
            form.form_errors.extend(m for m in messages if m not in form.form_errors)
            continue
        if isinstance(target, tuple):
            form[name].errors = target = list(target)
        target.extend(m for m in messages if m not in target)
