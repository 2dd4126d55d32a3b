"""Placeholder: commands are added by the module's owner (work in progress)."""
import typer


def install(app: typer.Typer) -> None:
    pass
