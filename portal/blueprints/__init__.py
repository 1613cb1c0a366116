"""The portal's areas, one package each."""


def BLUEPRINTS():  # noqa: N802  (reads as the constant list it returns)
    """Every blueprint to register, imported late so the factory controls import order."""
    from portal.blueprints.auth import bp as auth
    from portal.blueprints.clients import bp as clients
    from portal.blueprints.dashboard import bp as dashboard

    return [auth, clients, dashboard]
