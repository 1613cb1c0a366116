"""The public directory page (sections → sub-sections → rubrics with company counts) and the
option fragments the search form's cascading selects fetch with htmx."""
from flask import abort, current_app, render_template, request

from portal.blueprints.clients.views import bp
from portal.directory.pages import select_options
from portal.directory.tree import directory_tree, tree_json
from portal.web.negotiation import add_vary, negotiate


@bp.get("/directory/")
def directory():
    """For anyone: the directory tree; companies themselves open after login."""
    tree = directory_tree(current_app.config.get("DIRECTORY_CACHE_SECONDS", 300))
    response = negotiate(tree, tree_json, "clients/directory.html", sections=tree)
    # The counts are the same for everybody and change rarely; the page itself carries a
    # per-session CSRF token, so only the browser (not a shared cache) may keep it.
    response.cache_control.private = True
    response.cache_control.max_age = 60
    return response


@bp.get("/filters/<kind>/")
def filter_options(kind: str):
    """`<option>`s of a dependent select for the chosen parent (empty: only «Все»)."""
    items = select_options(kind, request.args)
    if items is None:
        abort(404)
    html = render_template("clients/_options.html", kind=kind, items=items, selected=None)
    return add_vary(current_app.response_class(html, mimetype="text/html"), "HX-Request")
