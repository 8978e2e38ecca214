"""``python -m jxparse`` runs the command line."""

from .cli import main

main()
