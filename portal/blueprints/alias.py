"""The seed's second spelling: every /smart_doc/ URL also answers at /smart_docs/.

The original service used both, and integrators still call either. The alias is added once,
after every blueprint is mounted, as extra rules for the same endpoints: same views, same
blueprint hooks, and `url_for` keeps building the /smart_doc/ spelling (the first rule).
"""
from flask import Flask

PREFIX = "/smart_doc/"
ALIAS = "/smart_docs/"


def add_smart_docs_alias(app: Flask) -> None:
    """Answer every `/smart_doc/...` rule at `/smart_docs/...` too."""
    for rule in list(app.url_map.iter_rules()):
        if rule.rule.startswith(PREFIX):
            app.add_url_rule(
                ALIAS + rule.rule[len(PREFIX):], endpoint=rule.endpoint,
                methods=sorted(rule.methods - {"HEAD", "OPTIONS"}), defaults=rule.defaults,
                strict_slashes=rule.strict_slashes,
            )
