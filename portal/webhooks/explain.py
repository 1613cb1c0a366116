"""What a failed delivery attempt means, in words for people.

The attempt log keeps the technical text (`ConnectionRefusedError: [Errno 111] …`,
`HTTP 503 Service Unavailable`) — the JSON promises those values and an integrator
greps for them. The page shows this explanation instead, with the raw text in a title."""
import re

# By the exception class name the attempt recorded (see targets.post).
_BY_CLASS = {
    "ConnectionRefusedError": "соединение отклонено: на этом адресе и порту никто не принимает запросы",
    "ConnectionResetError": "получатель оборвал соединение",
    "ConnectionAbortedError": "соединение прервано",
    "BrokenPipeError": "получатель закрыл соединение, не дочитав запрос",
    "RemoteDisconnected": "получатель закрыл соединение, не ответив",
    "TimeoutError": "таймаут: получатель не ответил вовремя",
    "timeout": "таймаут: получатель не ответил вовремя",
    "SSLCertVerificationError": "TLS: сертификат получателя не прошёл проверку",
    "SSLError": "TLS: не удалось установить защищённое соединение",
    "gaierror": "DNS: имя хоста не найдено",
}
_ERRNO = {"101": "сеть недоступна", "113": "хост недоступен", "110": "таймаут: получатель не ответил вовремя"}
_STATUS = {400: "получатель счёл запрос неверным", 401: "получатель требует авторизацию",
           403: "получатель запретил запрос", 404: "такого пути у получателя нет",
           405: "получатель не принимает POST по этому пути", 408: "таймаут на стороне получателя",
           413: "получатель счёл запрос слишком большим", 429: "получатель просит присылать реже",
           500: "ошибка на стороне получателя", 502: "шлюз получателя не получил ответа",
           503: "получатель временно недоступен", 504: "шлюз получателя не дождался ответа"}


def status_text(status: int) -> str:
    if 300 <= status < 400:
        return f"HTTP {status}: получатель перенаправляет, а перенаправления не выполняются"
    reason = _STATUS.get(status) or ("ошибка на стороне получателя" if status >= 500 else "получатель отказал")
    return f"HTTP {status}: {reason}"


def explain(error: str, status: int | None = None) -> str:
    """The person's reading of an attempt's `error` (empty when there was none)."""
    if not error:
        return ""
    if status:
        return status_text(status)
    name = error.split(":", 1)[0].strip()
    if name in _BY_CLASS:
        return _BY_CLASS[name]
    errno = re.search(r"\[Errno (\d+)\]", error)
    if errno and errno.group(1) in _ERRNO:
        return _ERRNO[errno.group(1)]
    if re.search(r"[А-Яа-яЁё]", error):  # the portal's own refusals are already in Russian
        return error
    return "сетевая ошибка при отправке"
