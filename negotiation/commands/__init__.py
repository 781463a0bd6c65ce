"""Subcommands of the ``negotiation`` command; each module defines NAME, HELP, add_arguments
and run. The command line only wires loading, analyses and writers together."""
