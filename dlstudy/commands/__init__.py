"""The subcommands, each a plain click command; `dlstudy.cli` adds them to the group.

Imports go one way: cli -> commands -> options. A command module never imports the group.
"""

from dlstudy.commands.apps import evaluate, ui
from dlstudy.commands.ask import ask
from dlstudy.commands.course import ingest, syllabus
from dlstudy.commands.export import export
from dlstudy.commands.review import review
from dlstudy.commands.study import chat, progress, quiz, study

COMMANDS = [ingest, syllabus, ask, chat, quiz, progress, study, review, export, ui, evaluate]
