"""Class-based views registered from a table: one place says which URL runs which view."""
from typing import Callable, Iterable, Sequence

from flask import Blueprint
from flask.views import View


def add_views(bp: Blueprint, routes: Iterable[tuple[str, str, type[View]]], *view_args,
              decorators: Sequence[Callable] = ()) -> None:
    """Mount each `(rule, endpoint, view class)`; every view is built with `view_args`
    (the resource or document kind it serves), answers the methods its class defines, and is
    wrapped in `decorators` when only some of the kinds need them (an AUTH-ONLY directory list)."""
    for rule, endpoint, view in routes:
        view_func = view.as_view(endpoint, *view_args)
        for decorator in decorators:
            view_func = decorator(view_func)
        bp.add_url_rule(rule, view_func=view_func)
