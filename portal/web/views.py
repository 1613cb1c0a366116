"""Class-based views registered from a table: one place says which URL runs which view."""
from typing import Iterable

from flask import Blueprint
from flask.views import View


def add_views(bp: Blueprint, routes: Iterable[tuple[str, str, type[View]]], *view_args) -> None:
    """Mount each `(rule, endpoint, view class)`; every view is built with `view_args`
    (the resource or document kind it serves), and answers the methods its class defines."""
    for rule, endpoint, view in routes:
        bp.add_url_rule(rule, view_func=view.as_view(endpoint, *view_args))
