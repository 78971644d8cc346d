"""One JSON object per log line, for journald or a log collector (LOG_FORMAT=json)."""

from __future__ import annotations

import datetime
import json
import logging

# Attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as a single line of JSON: time, level, logger, message, exception, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                # Django puts the request object in `extra`; a log line carries only its path.
                entry[key] = value.path if key == "request" and hasattr(value, "path") else value
        # default=str: extras such as dates or exceptions never make logging itself fail.
        return json.dumps(entry, ensure_ascii=False, default=str)
