"""The portal's areas, one package each."""


def BLUEPRINTS():  # noqa: N802  (reads as the constant list it returns)
    """Every blueprint to register, imported late so the factory controls import order."""
    from portal.blueprints.api_docs import bp as api_docs
    from portal.blueprints.auth import bp as auth
    from portal.blueprints.clients import bp as clients
    from portal.blueprints.dashboard import bp as dashboard
    from portal.blueprints.market import bp as market
    from portal.blueprints.staff import bp as staff
    from portal.blueprints.smart_docs import bp as smart_docs
    from portal.blueprints.documents import bp as documents
    from portal.blueprints.account import bp as account
    from portal.blueprints.audit import bp as audit
    from portal.blueprints.identity import bp as identity
    from portal.blueprints.tasks import bp as tasks
    from portal.blueprints.ledger import bp as ledger
    from portal.blueprints.chores import bp as chores
    from portal.blueprints.webhooks import bp as webhooks

    return [api_docs, auth, clients, dashboard, staff, market, smart_docs, documents, tasks, identity, account, audit, ledger,
            chores, webhooks]
