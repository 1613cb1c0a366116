"""Reading a НУЦ РК certificate: the holder's ИИН, the company's БИН and the holder's role.

Subject: `CN=<ФАМИЛИЯ ИМЯ>`, `SURNAME`, `G` (patronymic), `SERIALNUMBER=IIN<12 digits>`,
`C=KZ`, and for a company `O=<name>`, `OU=BIN<12 digits>`. Roles are extended key usage OIDs
under 1.2.398.3.3.4 (the order on certificate formats, adilet.zan.kz V2000021440).
"""
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OID_INDIVIDUAL = "1.2.398.3.3.4.1.1"
OID_LEGAL_ENTITY = "1.2.398.3.3.4.1.2"
OID_FIRST_HEAD = "1.2.398.3.3.4.1.2.1"
OID_RIGHT_TO_SIGN = "1.2.398.3.3.4.1.2.2"
OID_EMPLOYEE = "1.2.398.3.3.4.1.2.5"
OID_CLIENT_AUTH = ExtendedKeyUsageOID.CLIENT_AUTH.dotted_string
OID_EMAIL_PROTECTION = ExtendedKeyUsageOID.EMAIL_PROTECTION.dotted_string
# GOST R 34.10-2015 keys and signatures as НУЦ РК and RFC 7836 name them.
GOST_PREFIXES = ("1.2.398.3.10.1.1", "1.2.643.7.1.1")


@dataclass(frozen=True)
class Holder:
    """What a verified certificate says about its holder."""

    name: str
    iin: str
    bin: str
    organization: str
    usages: frozenset[str]
    serial: str

    @property
    def is_legal_entity(self) -> bool:
        """A certificate issued to a person acting for a company."""
        return OID_LEGAL_ENTITY in self.usages

    @property
    def is_first_head(self) -> bool:
        """The company's first head (первый руководитель)."""
        return OID_FIRST_HEAD in self.usages

    @property
    def may_sign(self) -> bool:
        """A person with the right to sign for the company."""
        return OID_RIGHT_TO_SIGN in self.usages

    def describe(self) -> str:
        """One line for the record: who, and which certificate."""
        return f"{self.name}, ИИН {self.iin}, сертификат {self.serial}"[:300]


def _attribute(name: x509.Name, oid) -> str:
    """The first value of a subject attribute, or an empty string."""
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value).strip() if values else ""


def _digits_after(value: str, prefix: str) -> str:
    """`IIN123456789012` → `123456789012`; anything else → empty."""
    if value.upper().startswith(prefix) and value[len(prefix):].isdigit() and len(value) == len(prefix) + 12:
        return value[len(prefix):]
    return ""


def extended_usages(cert: x509.Certificate) -> frozenset[str]:
    """The certificate's extended key usage OIDs (empty when it has none)."""
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return frozenset()
    return frozenset(oid.dotted_string for oid in eku)


def holder_of(cert: x509.Certificate) -> Holder:
    """The holder's name, ИИН, company БИН and roles as the certificate states them."""
    subject = cert.subject
    return Holder(
        name=_attribute(subject, NameOID.COMMON_NAME),
        iin=_digits_after(_attribute(subject, NameOID.SERIAL_NUMBER), "IIN"),
        bin=_digits_after(_attribute(subject, NameOID.ORGANIZATIONAL_UNIT_NAME), "BIN"),
        organization=_attribute(subject, NameOID.ORGANIZATION_NAME),
        usages=extended_usages(cert),
        serial=format(cert.serial_number, "x"),
    )


def is_gost(oid: str) -> bool:
    """Whether an algorithm OID is one of the GOST family."""
    return oid.startswith(GOST_PREFIXES)
