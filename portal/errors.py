"""The errors business rules raise. They carry no HTTP machinery: `portal.web.errors` turns them
into DRF-shaped JSON or an error page, so a service, the CLI and a task can raise them alike."""


class ValidationFailed(Exception):
    """A 400 with per-field messages: `{"field": ["message", ...]}`."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class ApiError(Exception):
    """A non-validation error with a status and a `detail` message."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def field_error(field: str, message: str) -> ValidationFailed:
    """Build a one-field validation error."""
    return ValidationFailed({field: [message]})
