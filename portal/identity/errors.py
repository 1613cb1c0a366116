"""Why a signature is refused: one exception carrying the Russian message shown to the user."""


class SignatureRefused(ValueError):
    """A signature, certificate or challenge that proves nothing; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
