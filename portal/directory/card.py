"""The company card: one company with everything a person needs to judge a counterparty."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.directory.listings import PUBLIC_ID_RE
from portal.extensions import db
from portal.models import Company, Rubric, SubSection
from portal.text import plural
from portal.timeutil import to_almaty, today_almaty

SOCIAL = (("web_site_ex", "Сайт"), ("instagram_ex", "Instagram"), ("facebook_ex", "Facebook"), ("vk_ex", "ВКонтакте"), ("twitter_ex", "Twitter"))


def company_age(registered: date | None, today: date) -> str | None:
    """How long a company has existed: «12 лет», «1 год», «7 месяцев», «меньше месяца»."""
    if registered is None or registered > today:
        return None
    years = today.year - registered.year - ((today.month, today.day) < (registered.month, registered.day))
    if years >= 1:
        return f"{years} {plural(years, 'год', 'года', 'лет')}"
    months = (today.year - registered.year) * 12 + today.month - registered.month - (today.day < registered.day)
    if months >= 1:
        return f"{months} {plural(months, 'месяц', 'месяца', 'месяцев')}"
    return "меньше месяца"


def web_link(value: str | None) -> str | None:
    """A clickable address for a site or profile written with or without the scheme."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.lower().startswith(("http://", "https://")):
        return value
    return "https://" + value.lstrip("/")


@dataclass
class CompanyCard:
    """A company and what its page shows beside the stored fields."""

    company: Company
    age: str | None
    registered_on: date | None
    rubrics: list[Rubric] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)


def company_card(public_id: str, today: date | None = None) -> CompanyCard | None:
    """The card of one company by public id (None when there is none): one query for the
    company and its many-to-ones, one each for rubrics (with sub-section and section), types,
    phones and e-mails."""
    if not PUBLIC_ID_RE.fullmatch(public_id or ""):
        return None
    statement = select(Company).where(Company.public_id == public_id).options(
        selectinload(Company.rubrics).selectinload(Rubric.sub_section).selectinload(SubSection.section),
        selectinload(Company.types),
        selectinload(Company.phone_numbers),
        selectinload(Company.emails),
    )
    company = db.session.execute(statement).unique().scalar_one_or_none()
    if company is None:
        return None
    registered = to_almaty(company.registration_date)
    registered_on = registered.date() if registered else None
    rubrics = sorted(company.rubrics, key=lambda r: (r.sub_section.section.section, r.sub_section.sub_section, r.rubric))
    links = [(label, company_value, web_link(company_value)) for key, label in SOCIAL if (company_value := getattr(company, key))]
    return CompanyCard(
        company=company,
        age=company_age(registered_on, today or today_almaty()),
        registered_on=registered_on,
        rubrics=rubrics,
        links=[link for link in links if link[2]],
    )
