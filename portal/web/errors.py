"""Errors that negotiate: DRF-shaped JSON for API clients, a styled page for browsers."""
import logging

from flask import Flask, jsonify, make_response, render_template
from flask.json.provider import DefaultJSONProvider
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.errors import ApiError, ValidationFailed, field_error  # noqa: F401 (re-exported for views)
from portal.web.negotiation import add_vary, is_htmx, wants_json

log = logging.getLogger(__name__)

TITLES = {
    400: "Неверный запрос",
    401: "Требуется вход",
    403: "Доступ запрещён",
    404: "Страница не найдена",
    405: "Метод не поддерживается",
    410: "Больше не доступно",
    413: "Слишком большой файл",
    429: "Слишком много попыток",
    500: "Ошибка сервера",
    503: "Сервис временно недоступен",
}


CSRF_DETAIL = (
    "Форма устарела или отправлена не с этого сайта (нет CSRF-токена). "
    "Обновите страницу и отправьте форму ещё раз."
)


def error_response(status: int, detail: str, errors: dict | None = None):
    """Render an error as JSON, as the HTML error page, or (htmx) as a message in the page.

    htmx swaps 4xx and 5xx answers (base.html's responseHandling), so a form re-shown with
    its messages replaces itself; an error that is not such a fragment must not replace a
    panel with a whole error page, so it is retargeted to the page's message area instead.
    """
    if wants_json():
        response = jsonify(errors if errors is not None else {"detail": detail})
    elif is_htmx():
        response = make_response(render_template("errors/_message.html", detail=detail, errors=errors))
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    else:
        response = make_response(render_template(
            "errors/error.html", status=status, title=TITLES.get(status, "Ошибка"),
            detail=detail, errors=errors,
        ))
    response.status_code = status
    return add_vary(response, "Accept", "HX-Request")


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where a body nested too deeply to parse is malformed JSON (a 400).

    Python's parser raises RecursionError, not ValueError, on `[[[[...` thousands deep, and
    `request.get_json()` only turns ValueError into a client error: without this, such a
    body would be a 500 in every view that reads JSON.
    """

    def loads(self, s, **kwargs):
        """Parse JSON; too deep a nesting raises ValueError like any other malformed body."""
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


def install_safe_json(app: Flask) -> None:
    """Swap in the safe provider, keeping the settings the factory already made."""
    provider = SafeJSONProvider(app)
    for setting in ("sort_keys", "ensure_ascii", "compact", "mimetype"):
        setattr(provider, setting, getattr(app.json, setting))
    app.json = provider


def register_error_handlers(app: Flask) -> None:
    """Install the negotiating handlers."""
    install_safe_json(app)

    @app.errorhandler(ValidationFailed)
    def _validation(exc: ValidationFailed):
        """400 with the per-field messages."""
        return error_response(400, "Проверьте введённые данные.", exc.errors)

    @app.errorhandler(ApiError)
    def _api(exc: ApiError):
        """The status and detail the code chose."""
        return error_response(exc.status, exc.detail)

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        """400 in Russian instead of Flask-WTF's English reason."""
        return error_response(400, CSRF_DETAIL)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        """Werkzeug's errors (404, 405, 413, 429, ...) negotiated, with Allow on a 405."""
        response = error_response(exc.code or 500, _detail(exc))
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        """A bug: logged with its traceback, answered without internals."""
        log.exception("Unhandled error")
        return error_response(500, "Внутренняя ошибка сервера. Мы уже разбираемся.")


def _detail(exc: HTTPException) -> str:
    """A readable message; Werkzeug's English defaults are replaced by Russian where generic."""
    defaults = {
        401: "Учётные данные не были предоставлены.",
        403: "У вас нет прав для этого действия.",
        404: "Не найдено.",
        405: "Метод не поддерживается.",
        413: "Файл слишком большой.",
        429: "Слишком много запросов. Попробуйте позже.",
    }
    if exc.code == 429:
        # Flask-Limiter's description is the limit itself ("5 per 1 minute").
        return defaults[429]
    description = exc.description or ""
    if description and not description.startswith(("The ", "You ", "A ", "Request", "This ")):
        return description
    return defaults.get(exc.code or 500, description or TITLES.get(exc.code or 500, "Ошибка"))
