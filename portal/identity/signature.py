"""One entry point: is this CMS a valid ЭЦП, by a НУЦ РК certificate, over exactly this text?"""
import base64
import binascii
import hmac
from datetime import datetime

from portal.identity.certs import OID_CLIENT_AUTH, OID_EMAIL_PROTECTION, Holder, holder_of
from portal.identity.chain import build_chain
from portal.identity.cms import open_signed
from portal.identity.errors import SignatureRefused
from portal.identity.revocation import check_revocation
from portal.identity.trust import load_trust
from portal.timeutil import now_utc

USAGE_AUTH = "auth"
USAGE_ANY = "any"
MAX_CMS_BYTES = 64 * 1024


def decode_cms(raw: str | bytes | None) -> bytes:
    """The CMS as NCALayer returns it (Base64, possibly with line breaks) → DER bytes."""
    if not raw:
        raise SignatureRefused("Нет подписи: подпишите запрос в NCALayer.")
    text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
    text = "".join(text.split())
    if "-----BEGIN" in text:
        text = text.split("-----")[4] if text.count("-----") >= 4 else text
    if len(text) > MAX_CMS_BYTES * 4 // 3 + 4:
        raise SignatureRefused("Подпись слишком большая.")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureRefused("Подпись повреждена: это не Base64.") from None


def _check_usage(holder: Holder, usage: str) -> None:
    """Login needs the AUTH key; a company proof accepts the AUTH or the signing key."""
    wanted = {OID_CLIENT_AUTH} if usage == USAGE_AUTH else {OID_CLIENT_AUTH, OID_EMAIL_PROTECTION}
    if not wanted & holder.usages:
        if usage == USAGE_AUTH:
            raise SignatureRefused("Для входа нужен ключ аутентификации (AUTH_GOSTKNCA_… или AUTH_RSA256_…), "
                                   "а не ключ подписи.")
        raise SignatureRefused("Этот сертификат не предназначен ни для входа, ни для подписи.")


def verify_signature(raw_cms, expected: bytes, config, usage: str = USAGE_ANY, now: datetime | None = None) -> Holder:
    """The holder of a verified signature over exactly `expected`; SignatureRefused says why not.

    Order matters for the messages people see: the content first (a signature over another
    challenge is said to be so), then the signature itself, the chain, dates and revocation.
    """
    now = now or now_utc()
    trust = load_trust(config.get("EDS_ROOT_CERTS"), config.get("EDS_INTERMEDIATE_CERTS"))
    signed = open_signed(decode_cms(raw_cms))
    if not hmac.compare_digest(signed.content, expected):
        raise SignatureRefused("Подписан не тот запрос: подпишите запрос, выданный на этой странице.")
    chain = build_chain(signed.signer, trust, now)
    check_revocation(chain[0], chain[1], config, now)
    holder = holder_of(signed.signer)
    _check_usage(holder, usage)
    if not holder.iin:
        raise SignatureRefused("В сертификате нет ИИН владельца (SERIALNUMBER=IIN…).")
    return holder
