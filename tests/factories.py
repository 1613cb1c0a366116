"""Test data builders: small, explicit, and committed to the real database."""
import itertools
from datetime import datetime, timezone

from portal.extensions import db
from portal.kz.bin import complete
from portal.identity.proofs import record_proof
from portal.models.identity import METHOD_EMAIL
from portal.models import Company, KrpName, Locality, Region, Staff
from portal.staffing.accounts import create_user

_serial = itertools.count(1)


def make_bin(serial: int | None = None) -> str:
    """A valid, unique BIN of a legal entity registered 2012-04 (digit 6 varies to find a check digit)."""
    serial = next(_serial) if serial is None else serial
    for office in "0123":
        first11 = f"12044{office}{serial % 100000:05d}"
        number = complete(first11)
        if number is not None:
            return number
    raise ValueError(f"no valid BIN for serial {serial}")


def make_company(name: str = 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"', proven: bool = True, **fields) -> Company:
    """A company with a locality and KRP class; proven (by a listed address) unless `proven=False`."""
    region = db.session.query(Region).first() or Region(region="Алматинская область")
    locality = db.session.query(Locality).first() or Locality(locality="Алматы", region=region, kato="750000000")
    krp = db.session.query(KrpName).filter_by(code="110").first() or KrpName(code="110", krp_name="Малые предприятия (6 - 10)")
    values = {
        "bin": make_bin(),
        "company_name": name,
        "alternative_name": name,
        "director": "ИСАЕВА АСЕЛЬ ТОКТАРБЕКОВНА",
        "registration_date": datetime(2012, 4, 28, tzinfo=timezone.utc),
        "oked": "52299",
        "description": "Прочая транспортно-экспедиционная деятельность",
        "krp_code": "110",
        "kato": "751910000",
        "address": "Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, УЛИЦА ЗАКАРПАТСКАЯ, 51",
        "krp": krp,
        "region": region,
        "locality": locality,
    }
    values.update(fields)
    company = Company(**values)
    db.session.add(company)
    db.session.flush()
    if proven:
        record_proof(company.id, METHOD_EMAIL, None, "тестовые данные")
    db.session.commit()
    return company


def make_user(email: str, password: str, company: Company | None = None, role: str = "Работник", **fields):
    """A user, optionally staff of `company`."""
    user = create_user(email, password, fields.pop("full_name", email.split("@")[0].title()), **fields)
    if company is not None:
        db.session.add(Staff(user=user, company=company, role=role))
    db.session.commit()
    return user
