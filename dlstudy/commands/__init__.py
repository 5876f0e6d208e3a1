"""Importing this package registers every subcommand on the `dlstudy` group."""

from dlstudy.commands import apps, course, study  # noqa: F401
