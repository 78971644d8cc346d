"""Serbian (Cyrillic) date formats: those of Serbian (Latin); the month names come from the generated catalog."""

from web.formats.sr_Latn.formats import DATE_FORMAT, DATETIME_FORMAT, FIRST_DAY_OF_WEEK, TIME_FORMAT

__all__ = ["DATETIME_FORMAT", "DATE_FORMAT", "FIRST_DAY_OF_WEEK", "TIME_FORMAT"]
