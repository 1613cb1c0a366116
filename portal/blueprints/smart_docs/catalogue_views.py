"""Catalogues and line items: JSON CRUD at the seed's paths, and pages with inline editing.

One set of class-based views per resource kind, mounted by `register_resource_views`. A browser
gets the catalogue page; htmx gets the fragment it swapped; an API client gets the seed's JSON.
The rules (validation, the product image, what may be deleted) are `portal.smart_docs.service`'s.
"""
import functools

from flask import abort, jsonify, request, send_file, url_for
from flask.views import MethodView
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff, payload
from portal.blueprints.smart_docs.views import bp
from portal.extensions import db
from portal.models import Product
from portal.smart_docs import images, service
from portal.smart_docs.form_fields import CATALOGUE_FIELDS
from portal.smart_docs.pages import resource_page
from portal.smart_docs.scope import get_owned
from portal.web.answers import answer_refused, answer_write, render_fragment
from portal.web.errors import ApiError, ValidationFailed
from portal.web.negotiation import is_htmx, negotiate, wants_json
from portal.web.pagination import page_json, page_request
from portal.web.views import add_views


def _list_response(resource, staff, status=200, form_values=None, form_errors=None, notice=None, error=None):
    """The list as JSON, the full page, or (for htmx) the catalogue fragment."""
    page = resource_page(resource.model, staff.company_id, page_request(), request.args)
    fields = CATALOGUE_FIELDS.get(resource.name)
    template = "smart_docs/catalogue.html" if fields else "smart_docs/lines.html"
    return negotiate(
        page, lambda p: page_json(p, resource.serialize), template,
        partial="smart_docs/_catalogue.html" if fields else None, status=status,
        resource=resource, fields=fields, form_values=form_values or {}, form_errors=form_errors or {},
        notice=notice, error=error,
    )


def _upload() -> service.Upload:
    """The request's image part and body kind, for the service's save."""
    image = request.files.get("image")
    return service.Upload(image=(image.stream, image.filename) if image is not None else None,
                          json_body=request.is_json)


def _owned_or_404(resource, staff, public_id):
    """The company's object, or 404 (also for another company's)."""
    obj = get_owned(resource.model, staff.company_id, public_id)
    if obj is None:
        abort(404)
    return obj


class _ResourceView(MethodView):
    """A view of one catalogue or line-item kind (the resource is given at registration)."""

    decorators = [login_required]

    def __init__(self, resource: service.Resource):
        self.resource = resource
        self.fields = CATALOGUE_FIELDS.get(resource.name)

    def _list_url(self) -> str:
        return url_for(f"smart_doc.{self.resource.name}_list")

    def _item(self, obj, status: int = 200, **context):
        """One entry as the list shows it (the fragment an inline edit or delete swaps)."""
        return render_fragment("smart_docs/_item.html", status, resource=self.resource, obj=obj,
                               fields=self.fields, **context)


class ResourceList(_ResourceView):
    """`/<kind>/`: the company's list, and adding to it."""

    def get(self):
        """The list as the seed's JSON page, the catalogue page, or (htmx) its fragment."""
        return _list_response(self.resource, current_staff())

    def post(self):
        """Add an entry: 201 JSON, the refreshed list for htmx, or back to the list with a message;
        a refused entry re-shows the form with its values and messages."""
        staff, data = current_staff(), payload()
        if wants_json():
            return jsonify(self.resource.serialize(service.save(self.resource, staff, data, _upload()))), 201
        try:
            obj = service.save(self.resource, staff, data, _upload())
        except ValidationFailed as exc:
            return _list_response(self.resource, staff, 400, form_values=data, form_errors=exc.errors)
        refreshed = functools.partial(_list_response, self.resource, staff)
        return answer_write(None, f"Добавлено: {_title(obj)}.", redirect_to=self._list_url(),
                            fragment=refreshed, status=201)


class ResourceItem(_ResourceView):
    """`/<kind>/<id>/`: one entry of the company (another company's id is a 404)."""

    def get(self, public_id: str):
        """The entry as JSON or as its page."""
        obj = _owned_or_404(self.resource, current_staff(), public_id)
        return negotiate(obj, self.resource.serialize, "smart_docs/item.html", partial="smart_docs/_item.html",
                         resource=self.resource, fields=self.fields, obj=obj, values={}, errors={})

    def put(self, public_id: str):
        """Replace the entry's fields (the inline edit form sends a PUT)."""
        return self._save(public_id, partial=False)

    def patch(self, public_id: str):
        """Change some of the entry's fields."""
        return self._save(public_id, partial=True)

    def delete(self, public_id: str):
        """Delete an entry nothing uses: 204 (htmx: an empty 200 removes it); in use, a 409 saying why."""
        obj = _owned_or_404(self.resource, current_staff(), public_id)
        try:
            service.remove(self.resource, obj)
        except ApiError as exc:
            return answer_refused(exc, redirect_to=self._list_url(),
                                  fragment=lambda status, error: self._item(obj, status, error=error))
        return ("", 200) if is_htmx() else ("", 204)

    def _save(self, public_id: str, partial: bool):
        staff = current_staff()
        obj = _owned_or_404(self.resource, staff, public_id)
        data = payload()
        if wants_json():
            return jsonify(self.resource.serialize(service.save(self.resource, staff, data, _upload(), obj, partial)))
        try:
            obj = service.save(self.resource, staff, data, _upload(), obj, partial)
        except ValidationFailed as exc:
            db.session.rollback()
            return render_fragment("smart_docs/_item_form.html", 400, resource=self.resource, obj=obj,
                                   fields=self.fields, values=data, errors=exc.errors)
        return self._item(obj)


class ResourceEdit(_ResourceView):
    """`/<kind>/<id>/edit/`: the edit form (a fragment for inline editing, a page without JavaScript)."""

    def _context(self, obj, **context) -> dict:
        return dict(resource=self.resource, obj=obj, fields=self.fields, values=self.resource.as_input(obj),
                    errors={}, **context)

    def get(self, public_id: str):
        """The form filled with the entry (JSON: the entry itself)."""
        obj = _owned_or_404(self.resource, current_staff(), public_id)
        if wants_json():
            return jsonify(self.resource.serialize(obj))
        template = "smart_docs/_item_form.html" if is_htmx() else "smart_docs/item.html"
        return render_fragment(template, **self._context(obj))

    def post(self, public_id: str):
        """Save the plain form (JSON: as PUT does), then back to the list; refused, the page again."""
        staff = current_staff()
        obj = _owned_or_404(self.resource, staff, public_id)
        data = payload()
        if wants_json():
            return jsonify(self.resource.serialize(service.save(self.resource, staff, data, _upload(), obj)))
        try:
            service.save(self.resource, staff, data, _upload(), obj)
        except ValidationFailed as exc:
            db.session.rollback()
            context = self._context(obj)
            context.update(values=data, errors=exc.errors)
            return render_fragment("smart_docs/item.html", 400, **context)
        return answer_write(None, "Изменения сохранены.", redirect_to=self._list_url())


class ResourceCard(_ResourceView):
    """`/<kind>/<id>/card/`: the entry as shown in the list (cancelling an inline edit)."""

    def get(self, public_id: str):
        """The list's card of the entry (JSON: the entry)."""
        obj = _owned_or_404(self.resource, current_staff(), public_id)
        if wants_json():
            return jsonify(self.resource.serialize(obj))
        return self._item(obj)


class ResourceDelete(_ResourceView):
    """`/<kind>/<id>/delete/`: delete from a plain form (no JavaScript)."""

    def post(self, public_id: str):
        """Delete, then back to the list with a message (204 for JSON)."""
        service.remove(self.resource, _owned_or_404(self.resource, current_staff(), public_id))
        return answer_write(None, "Удалено.", redirect_to=self._list_url())


def register_resource_views() -> None:
    """Mount the views of every catalogue and line-item kind; catalogues also get their pages."""
    for resource in service.RESOURCES.values():
        name = resource.name
        routes = [(f"/{name}/", f"{name}_list", ResourceList),
                  (f"/{name}/<public_id>/", f"{name}_detail", ResourceItem)]
        if name in CATALOGUE_FIELDS:
            routes += [(f"/{name}/<public_id>/edit/", f"{name}_edit", ResourceEdit),
                       (f"/{name}/<public_id>/card/", f"{name}_card", ResourceCard),
                       (f"/{name}/<public_id>/delete/", f"{name}_delete", ResourceDelete)]
        add_views(bp, routes, resource)


def _title(obj) -> str:
    """A short name of an object for messages."""
    for attr in ("name", "full_name", "beneficiary"):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    return obj.public_id


register_resource_views()


@bp.get("/products/<public_id>/image/")
@login_required
def product_image(public_id: str):
    """A product's image, only for its own company (anyone else gets 404)."""
    product = get_owned(Product, current_staff().company_id, public_id)
    path = images.image_path(product.image_file) if product is not None else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype=images.MIMETYPES[path.suffix.lstrip(".")], max_age=0, conditional=True)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
