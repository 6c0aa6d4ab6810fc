"""``python -m compliance_kit`` runs the CLI."""

from compliance_kit.cli import main

main()
