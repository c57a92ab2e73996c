"""The fail-safe's one piece of output: an internal failure logged at DEBUG, without the input.

The engine's entry points and both interceptors catch every exception of their own and call `log_failure`;
it lives here, below both, so that the engine never imports the interceptors' core.
"""

from __future__ import annotations

from .scrub import scrub

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    import logging


def log_failure(logger: logging.Logger, what: str, status: object, exc: BaseException) -> None:
    """Log an internal failure at DEBUG: the exception's type and where it happened, never its message
    (a message can quote the input, and the input holds credentials); what is logged passes the scrubber too."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}" if tb is not None else "?"
    logger.debug("inference-doctor " + what + ": %s at %s", scrub(str(status)), type(exc).__name__, where)
