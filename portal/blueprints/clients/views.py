"""Clients API views: each path answers JSON to API clients and a page to browsers."""
from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, abort, request
from flask_login import current_user, login_required

from portal.extensions import db
from portal.models import Staff, User
from portal.serializers import directory as ser
from portal.services.directory import LISTINGS, Listing
from portal.services.staff import company_staff_query, staff_of
from portal.web.errors import ApiError
from portal.web.negotiation import negotiate
from portal.web.pagination import page_json, page_request, paginate

bp = Blueprint("clients", __name__, url_prefix="/clients")


@dataclass(frozen=True)
class Resource:
    """A list path of the Clients API and how to show it."""

    name: str
    serialize: Callable
    title: str
    auth_only: bool = False


RESOURCES = [
    Resource("sections", ser.section_json, "Разделы"),
    Resource("sub_sections", ser.sub_section_json, "Подразделы"),
    Resource("rubrics", ser.rubric_json, "Рубрики"),
    Resource("regions", ser.region_json, "Регионы"),
    Resource("localities", ser.locality_json, "Населённые пункты"),
    Resource("districts", ser.district_json, "Районы"),
    Resource("types", ser.type_json, "Типы компаний"),
    Resource("krp_names", ser.krp_json, "Размер предприятия (КРП)"),
    Resource("emails", ser.email_json, "Электронные адреса"),
    Resource("phone_numbers", ser.phone_json, "Телефоны", auth_only=True),
]


def list_page(listing: Listing):
    """Build one page of a list from the query string."""
    wanted = page_request()
    return paginate(db.session, listing.query(request.args), wanted)


def _make_views(resource: Resource):
    listing = LISTINGS[resource.name]

    def list_view():
        page = list_page(listing)
        return negotiate(
            page, lambda p: page_json(p, resource.serialize), "clients/list.html",
            resource=resource, rows=[resource.serialize(item) for item in page.items],
        )

    def detail_view(public_id: str):
        obj = listing.get(public_id)
        if obj is None:
            abort(404)
        return negotiate(obj, resource.serialize, "clients/detail.html", resource=resource, row=resource.serialize(obj))

    if resource.auth_only:
        list_view, detail_view = login_required(list_view), login_required(detail_view)
    bp.add_url_rule(f"/{resource.name}/", f"{resource.name}_list", list_view)
    bp.add_url_rule(f"/{resource.name}/<public_id>/", f"{resource.name}_detail", detail_view)


for _resource in RESOURCES:
    _make_views(_resource)

STAFF = Resource("staff", ser.staff_json, "Сотрудники", auth_only=True)


def _own_staff():
    """The caller's position; a user without a company has nothing to list."""
    staff = staff_of(current_user)
    if staff is None:
        raise ApiError(404, "Вы не состоите ни в одной компании.")
    return staff


@bp.get("/staff/")
@login_required
def staff_list():
    """Staff of the caller's own company."""
    staff = _own_staff()
    page = paginate(db.session, company_staff_query(staff.company_id), page_request())
    return negotiate(
        page, lambda p: page_json(p, ser.staff_json), "clients/list.html",
        resource=STAFF, rows=[ser.staff_json(item) for item in page.items],
    )


@bp.get("/staff/<public_id>/")
@login_required
def staff_detail(public_id: str):
    """One colleague, by user id; anyone outside the caller's company is a 404."""
    staff = _own_staff()
    member = db.session.execute(
        company_staff_query(staff.company_id).where(Staff.user.has(User.public_id == public_id))
    ).unique().scalar_one_or_none()
    if member is None:
        abort(404)
    return negotiate(member, ser.staff_json, "clients/detail.html", resource=STAFF, row=ser.staff_json(member))


@bp.get("/get_user_company/")
@login_required
def get_user_company():
    """The caller and their company."""
    staff = _own_staff()
    data = ser.user_company_json(staff)
    return negotiate(staff, ser.user_company_json, "clients/user_company.html", info=data)
