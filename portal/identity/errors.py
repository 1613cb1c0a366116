"""Why a signature is refused: one exception carrying the Russian message shown to the user."""

GOST_UNSUPPORTED = (
    "Ключи ГОСТ пока не принимаются: для них нет поддерживаемой библиотеки проверки на Python. "
    "Подпишите ключом RSA (файл RSA256_… или AUTH_RSA256_…)."
)


class SignatureRefused(ValueError):
    """A signature, certificate or challenge that proves nothing; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
