"""Catalogues and line items: JSON CRUD at the seed's paths, and pages with inline editing.

One set of views per resource, registered in a loop. A browser gets the catalogue page;
htmx gets the fragment it swapped; an API client gets the seed's JSON.
"""
from flask import abort, flash, jsonify, make_response, redirect, render_template, request, send_file, url_for
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff, payload
from portal.blueprints.smart_docs.forms import CATALOGUE_FIELDS
from portal.blueprints.smart_docs.views import bp
from portal.extensions import db
from portal.models import Product
from portal.smart_docs import images, service
from portal.smart_docs.scope import get_owned, owned_query
from portal.smart_docs.serializers import product_image_url
from portal.web.errors import ApiError, ValidationFailed
from portal.web.negotiation import add_vary, is_htmx, negotiate, wants_json
from portal.web.pagination import Page, page_json, page_request, paginate


def resource_page(resource: service.Resource, company_id: int) -> Page:
    """The data of a catalogue or line-item list page: one page of the company's objects."""
    return paginate(db.session, owned_query(resource.model, company_id), page_request())


def _render(template: str, status: int = 200, **context):
    """An HTML fragment or page that varies by Accept and HX-Request."""
    response = make_response(render_template(template, **context), status)
    return add_vary(response, "Accept", "HX-Request")


def _list_response(resource, staff, status=200, form_values=None, form_errors=None, notice=None):
    """The list as JSON, the full page, or (for htmx) the catalogue fragment."""
    page = resource_page(resource, staff.company_id)
    fields = CATALOGUE_FIELDS.get(resource.name)
    template = "smart_docs/catalogue.html" if fields else "smart_docs/lines.html"
    return negotiate(
        page, lambda p: page_json(p, resource.serialize), template,
        partial="smart_docs/_catalogue.html" if fields else None, status=status,
        resource=resource, fields=fields, form_values=form_values or {}, form_errors=form_errors or {},
        notice=notice,
    )


def _image_change(resource, obj, data) -> tuple[tuple[bytes, str] | None, bool, dict]:
    """Read a product's image part: (decoded image, clear the old one?, errors)."""
    if resource.name != "products":
        return None, False, {}
    upload = request.files.get("image")
    if upload is not None and upload.filename:
        try:
            return images.decode_image(upload.stream), False, {}
        except images.ImageRejected as exc:
            return None, False, {"image": [str(exc)]}
    raw = data.get("image")
    if data.get("remove_image") in ("1", "on", True):
        return None, True, {}
    if raw is None and "image" in data and request.is_json:
        return None, obj is not None, {}
    if isinstance(raw, str) and raw and (obj is None or raw != product_image_url(obj)):
        return None, False, {"image": ["Изображение загружается файлом (multipart/form-data, поле image)."]}
    if raw is not None and not isinstance(raw, str):
        return None, False, {"image": ["Изображение загружается файлом (multipart/form-data, поле image)."]}
    return None, False, {}


def save(resource, staff, data, obj=None, partial=False):
    """Validate fields and image together, then write; a failed write leaves no stray file."""
    errors: dict = {}
    values = None
    try:
        values = service.validate(resource, data, staff.company_id, obj, partial)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    image, clear, image_errors = _image_change(resource, obj, data)
    errors.update(image_errors)
    if errors:
        raise ValidationFailed(errors)
    stored = images.store_image(*image) if image else None
    old_file = obj.image_file if (obj is not None and resource.name == "products") else None
    if stored or clear:
        values["image_file"] = stored
    try:
        if obj is None:
            obj = service.create(resource, staff, data, values=values)
        else:
            obj = service.update(resource, obj, data, partial, values=values)
    except Exception:
        db.session.rollback()
        images.discard_image(stored)
        raise
    if (stored or clear) and old_file:
        images.discard_image(old_file)
    return obj


def _owned_or_404(resource, staff, public_id):
    """The company's object, or 404 (also for another company's)."""
    obj = get_owned(resource.model, staff.company_id, public_id)
    if obj is None:
        abort(404)
    return obj


def _make_views(resource: service.Resource) -> None:
    """Register the JSON/page views of one catalogue or line-item kind."""
    name = resource.name
    editable_page = name in CATALOGUE_FIELDS

    @login_required
    def collection():
        staff = current_staff()
        if request.method == "GET":
            return _list_response(resource, staff)
        data = payload()
        if wants_json():
            obj = save(resource, staff, data)
            return jsonify(resource.serialize(obj)), 201
        try:
            obj = save(resource, staff, data)
        except ValidationFailed as exc:
            return _list_response(resource, staff, 400, form_values=data, form_errors=exc.errors)
        if is_htmx():
            return _list_response(resource, staff, 201, notice=f"Добавлено: {_title(obj)}.")
        flash(f"Добавлено: {_title(obj)}.", "success")
        return redirect(url_for(f"smart_doc.{name}_list"))

    @login_required
    def item(public_id: str):
        staff = current_staff()
        obj = _owned_or_404(resource, staff, public_id)
        if request.method == "GET":
            return negotiate(obj, resource.serialize, "smart_docs/item.html", partial="smart_docs/_item.html",
                             resource=resource, fields=CATALOGUE_FIELDS.get(name), obj=obj, values={}, errors={})
        if request.method == "DELETE":
            try:
                service.remove(resource, obj)
            except ApiError as exc:
                if is_htmx():
                    return _render("smart_docs/_item.html", exc.status, resource=resource, obj=obj,
                                   fields=CATALOGUE_FIELDS.get(name), error=exc.detail)
                raise
            if resource.name == "products":
                images.discard_image(obj.image_file)
            return ("", 200) if is_htmx() else ("", 204)
        data = payload()
        partial = request.method == "PATCH"
        if wants_json():
            return jsonify(resource.serialize(save(resource, staff, data, obj, partial)))
        try:
            obj = save(resource, staff, data, obj, partial)
        except ValidationFailed as exc:
            db.session.rollback()
            return _render("smart_docs/_item_form.html", 400, resource=resource, obj=obj,
                           fields=CATALOGUE_FIELDS.get(name), values=data, errors=exc.errors)
        return _render("smart_docs/_item.html", resource=resource, obj=obj, fields=CATALOGUE_FIELDS.get(name))

    @login_required
    def edit(public_id: str):
        """The edit form: a fragment for inline editing, a page without JavaScript."""
        staff = current_staff()
        obj = _owned_or_404(resource, staff, public_id)
        context = dict(resource=resource, obj=obj, fields=CATALOGUE_FIELDS[name], values=resource.as_input(obj), errors={})
        if wants_json():
            # The JSON twin of the edit page is the object itself (and a POST saves it, as PUT does).
            if request.method == "POST":
                obj = save(resource, staff, payload(), obj)
            return jsonify(resource.serialize(obj))
        if request.method == "POST":
            data = payload()
            try:
                save(resource, staff, data, obj)
            except ValidationFailed as exc:
                db.session.rollback()
                context.update(values=data, errors=exc.errors)
                return _render("smart_docs/item.html", 400, **context)
            flash("Изменения сохранены.", "success")
            return redirect(url_for(f"smart_doc.{name}_list"))
        return _render("smart_docs/_item_form.html" if is_htmx() else "smart_docs/item.html", **context)

    @login_required
    def card(public_id: str):
        """One catalogue entry as shown in the list (cancelling an inline edit)."""
        obj = _owned_or_404(resource, current_staff(), public_id)
        if wants_json():
            return jsonify(resource.serialize(obj))
        return _render("smart_docs/_item.html", resource=resource, obj=obj, fields=CATALOGUE_FIELDS[name])

    @login_required
    def delete_form(public_id: str):
        """Delete from a plain form (no JavaScript)."""
        obj = _owned_or_404(resource, current_staff(), public_id)
        service.remove(resource, obj)
        if resource.name == "products":
            images.discard_image(obj.image_file)
        if wants_json():
            return "", 204
        flash("Удалено.", "success")
        return redirect(url_for(f"smart_doc.{name}_list"))

    bp.add_url_rule(f"/{name}/", f"{name}_list", collection, methods=["GET", "POST"])
    bp.add_url_rule(f"/{name}/<public_id>/", f"{name}_detail", item, methods=["GET", "PUT", "PATCH", "DELETE"])
    if editable_page:
        bp.add_url_rule(f"/{name}/<public_id>/edit/", f"{name}_edit", edit, methods=["GET", "POST"])
        bp.add_url_rule(f"/{name}/<public_id>/card/", f"{name}_card", card)
        bp.add_url_rule(f"/{name}/<public_id>/delete/", f"{name}_delete", delete_form, methods=["POST"])


def _title(obj) -> str:
    """A short name of an object for messages."""
    for attr in ("name", "full_name", "beneficiary"):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    return obj.public_id


for _resource in service.RESOURCES.values():
    _make_views(_resource)


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
