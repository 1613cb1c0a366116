"""The `flask --app wsgi ...` commands; each lives beside the service it drives."""


def COMMANDS():  # noqa: N802  (reads as the constant list it returns)
    """Every command group to add to the Flask CLI."""
    from portal.market.commands import COMMANDS as market_commands

    from portal.demo.cli import demo_data
    from portal.documents.commands import issue_batch_command
    from portal.tasks.worker import worker_command
    from portal.webhooks.commands import reseal_command

    return [*market_commands, demo_data, issue_batch_command, worker_command, reseal_command]
