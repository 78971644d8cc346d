"""English dates as a European municipality writes them: 2 October 2025, 17:30 (not "Oct. 2, 2025, 5:30 p.m.")."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
