"""Where every log line of a server process goes: one handler on the root logger, one format.

`AIOGRAPI_REST_LOG_FORMAT=json` makes every line one JSON object: the gateway's own lines,
uvicorn's (startup, shutdown, errors), aiograpi's warnings and errors, Python warnings, and
tracebacks (as the `exc` field of the line that reports them). The same configuration is handed
to uvicorn (`logging_config`), which applies it again in each worker process it spawns.

Levels: `AIOGRAPI_REST_LOG_LEVEL` is the level of the gateway's and uvicorn's loggers. Every other
library (aiograpi among them) logs WARNING and above only: aiograpi's INFO and DEBUG lines carry
full upstream URLs, proxies with their credentials, and whole Instagram answers.

uvicorn's access log is off for `serve`: the gateway logs one line per request itself, with the
request id and the route template instead of the raw path (which may hold a token).
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
import sys
import threading
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Loggers that follow AIOGRAPI_REST_LOG_LEVEL; all others stay at WARNING.
OWN_LOGGERS = ("aiograpi_rest", "uvicorn", "uvicorn.error", "uvicorn.access")

log = logging.getLogger("aiograpi_rest")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, pid, the record's `fields`, `exc`."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": os.getpid(),  # not record.process: `stderr_handler` switches that off
        }
        data.update(getattr(record, "fields", {}))
        if record.exc_info:
            data["exc_type"] = data.get("exc_type") or _exc_name(record.exc_info[0])
            data["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, default=str)


def _exc_name(exc_type: type[BaseException] | None) -> str:
    return exc_type.__name__ if exc_type is not None else ""


def stderr_handler(fmt: str = "text") -> logging.Handler:
    """The one handler of a server process. Python warnings are logged through it too."""
    # What no line shows is not worked out for every record (the logging HOWTO's
    # "Optimization"): the caller's frame, the thread, process and task names. The access line
    # costs a third less (`bench/bookkeeping.py` times it both ways). Set here, not in
    # `setup_logging`: uvicorn applies this configuration, and so this factory, in every worker.
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging.logAsyncioTasks = False  # Python 3.12+
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    # `warnings.warn` otherwise writes two plain lines to stderr.
    logging.captureWarnings(True)
    return handler


def logging_config(level: str = "INFO", fmt: str = "text") -> dict[str, Any]:
    """A `logging.config.dictConfig` dict: what `setup_logging` applies, and uvicorn's `log_config`."""
    own = {"level": level.upper(), "handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"stderr": {"()": "aiograpi_rest.logs.stderr_handler", "fmt": fmt}},
        "root": {"level": "WARNING", "handlers": ["stderr"]},
        "loggers": {name: dict(own) for name in OWN_LOGGERS},
    }


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Configure this process; an exception nothing catches becomes a log line too."""
    logging.config.dictConfig(logging_config(level, fmt))
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread_uncaught


def _log_uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.critical("uncaught %s: %s", exc_type.__name__, exc, exc_info=(exc_type, exc, tb))


def _log_thread_uncaught(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    log.critical(
        "uncaught %s in thread %s",
        args.exc_type.__name__,
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )
