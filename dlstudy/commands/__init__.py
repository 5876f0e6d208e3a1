"""Importing this package registers every subcommand on the `dlstudy` group."""

from dlstudy.commands import apps, ask, course, study  # noqa: F401
from dlstudy.commands import export, review  # noqa: F401  (spaced repetition: assistant/review.py)
