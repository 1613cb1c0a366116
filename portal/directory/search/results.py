"""What a result page carries: its companies in the ranked order, their phones and e-mails,
and the page checks (an empty result, a page past the end)."""
from dataclasses import dataclass, field

from sqlalchemy import literal, select, union_all

from portal.errors import ApiError
from portal.extensions import db
from portal.models import Company, Email, PhoneNumber
from portal.paging import Page, PageRequest


def load_companies(ids: list[int]) -> list[Company]:
    """The companies of a page in the given order (their KRP class and places come joined)."""
    if not ids:
        return []
    by_id = {company.id: company for company in db.session.execute(select(Company).where(Company.id.in_(ids))).unique().scalars()}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class Contacts:
    """Phones and e-mails of one company, as the result list shows them."""

    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


def load_contacts(ids: list[int]) -> dict[int, Contacts]:
    """Phones and e-mails of a page's companies: one plain query, no ORM objects (cheap)."""
    contacts = {i: Contacts() for i in ids}
    if not ids:
        return contacts
    phones = select(PhoneNumber.company_id, PhoneNumber.phone_number.label("value"), literal(0).label("kind"),
                    PhoneNumber.id.label("row")).where(PhoneNumber.company_id.in_(ids))
    emails = select(Email.company_id, Email.email.label("value"), literal(1).label("kind"),
                    Email.id.label("row")).where(Email.company_id.in_(ids))
    both = union_all(phones, emails).subquery()
    for company_id, value, kind, _ in db.session.execute(select(both).order_by(both.c.kind, both.c.row)):
        (contacts[company_id].emails if kind else contacts[company_id].phones).append(value)
    return contacts


def empty_page(wanted: PageRequest) -> Page:
    """No results: page 1 is empty, any later page does not exist."""
    if wanted.page > 1:
        raise ApiError(404, "Неверная страница.")
    return Page(items=[], count=0, page=1, page_size=wanted.page_size)


def counted_page(count: int, wanted: PageRequest) -> Page:
    """The page `wanted` of `count` results, its items still to load. A page past the end is
    a 404, as in DRF."""
    page = Page(items=[], count=count, page=wanted.page, page_size=wanted.page_size)
    if wanted.page > page.num_pages:
        raise ApiError(404, "Неверная страница.")
    return page
