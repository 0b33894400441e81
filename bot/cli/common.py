"""What every `crayon` command shares: exit statuses, one-line usage errors, logging that keeps private data out."""

from __future__ import annotations

import argparse
import logging
from typing import NoReturn

from bot.logs import TokenRedactor, keep_private_data_out_of_logs

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(TokenRedactor())
    keep_private_data_out_of_logs()
    if verbose:
        # Our own progress at INFO; the libraries' chatter stays at WARNING.
        for name in ("engine", "bot", "storage", "training"):
            logging.getLogger(name).setLevel(logging.INFO)


def quiet_libraries() -> None:
    """Keep transformers' and diffusers' warnings and loading bars out of the user's terminal."""
    import diffusers
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    diffusers.utils.logging.set_verbosity_error()
    diffusers.utils.logging.disable_progress_bar()
