"""Clients API views: each path answers JSON to API clients and a page to browsers."""
from flask import Blueprint, abort, request
from flask.views import MethodView
from flask_login import current_user, login_required

from portal.directory import serializers as ser
from portal.directory.answer_cache import cached_json
from portal.directory.labels import LABELS, LINKS, TEXT_LINKS, TIMES
from portal.directory.listings import LISTINGS, check_params, known_params
from portal.directory.pages import COMPANY, RESOURCES, STAFF, Resource
from portal.extensions import db
from portal.models import Staff, User
from portal.staffing.service import company_staff_query, staff_of
from portal.web.conditional import mark_public
from portal.web.errors import ApiError
from portal.web.negotiation import negotiate, wants_json
from portal.web.pagination import page_json, page_request, paginate
from portal.web.views import add_views

bp = Blueprint("clients", __name__, url_prefix="/clients")


@bp.context_processor
def _directory_captions() -> dict:
    """Captions and links every directory page uses, whichever view renders it."""
    return {"labels": LABELS, "key_links": LINKS, "text_links": TEXT_LINKS, "time_keys": TIMES, "resources": RESOURCES}


def render_list(resource: Resource, page):
    """A list page as the DRF envelope or as the HTML table (same page object)."""
    return negotiate(
        page, lambda p: page_json(p, resource.serialize), "clients/list.html",
        resource=resource,
    )


def render_detail(resource: Resource, obj):
    """One object as JSON or as its HTML card."""
    return negotiate(obj, resource.serialize, "clients/detail.html", resource=resource)


class ResourceList(MethodView):
    """A directory list (`/clients/<resource>/`): one page, filtered by the query parameters."""

    def __init__(self, resource: Resource):
        self.resource = resource

    def get(self):
        """One page of the list as the DRF envelope (unknown filters: 400) or the HTML table."""
        if not self.resource.auth_only:
            mark_public()

        def build():
            listing = LISTINGS[self.resource.name]
            # A person's page leaves out what it does not know; JSON names it in a 400.
            args = request.args if wants_json() else known_params(request.args, listing.params)
            query = listing.query(args)
            return render_list(self.resource, paginate(db.session, query, page_request()))

        return cached_json(build) if wants_json() else build()


class ResourceDetail(MethodView):
    """One object of a directory list (`/clients/<resource>/<public_id>/`)."""

    def __init__(self, resource: Resource):
        self.resource = resource

    def get(self, public_id: str):
        """The object by its public id, as JSON or its HTML card; an unknown id is a 404."""
        if not self.resource.auth_only:
            mark_public()

        def build():
            obj = LISTINGS[self.resource.name].get(public_id)
            if obj is None:
                abort(404)
            return render_detail(self.resource, obj)

        return cached_json(build) if wants_json() else build()


def register_resource(resource: Resource) -> None:
    """Register the list and retrieve views of one directory resource (AUTH ONLY ones behind
    login), under the endpoints `<name>_list` and `<name>_detail` the templates link to."""
    add_views(bp, [(f"/{resource.name}/", f"{resource.name}_list", ResourceList),
                   (f"/{resource.name}/<public_id>/", f"{resource.name}_detail", ResourceDetail)],
              resource, decorators=[login_required] if resource.auth_only else [])


for _resource in RESOURCES:
    register_resource(_resource)


def _own_staff() -> Staff:
    """The caller's position; a user without a company has nothing to list."""
    staff = staff_of(current_user)
    if staff is None:
        raise ApiError(404, "Вы не состоите ни в одной компании.")
    return staff


@bp.get("/staff/")
@login_required
def staff_list():
    """Staff of the caller's own company."""
    if wants_json():
        check_params(request.args)
    staff = _own_staff()
    return render_list(STAFF, paginate(db.session, company_staff_query(staff.company_id), page_request()))


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
    return render_detail(STAFF, member)


@bp.get("/get_user_company/")
@login_required
def get_user_company():
    """The caller and their company."""
    staff = _own_staff()
    return negotiate(
        staff, ser.user_company_json, "clients/user_company.html",
        info=ser.user_company_json(staff), company_resource=COMPANY,
    )
