"""`python -m compiler.cli`: the `lawc` command."""

from compiler.cli import main

main()
