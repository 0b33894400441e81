"""`python -m bot.cli`: the `crayon` command."""

import sys

from bot.cli import main

sys.exit(main())
