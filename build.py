#!/usr/bin/env python3
"""Command line of the archive generator: parse arguments, call the package, map results to exit codes."""

import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
