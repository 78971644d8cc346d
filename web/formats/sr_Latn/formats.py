"""Serbian (Latin) date formats: 2. oktobar 2025., 17:30 (a comma between date and time, as in the other languages)."""

DATE_FORMAT = "j. F Y."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. F Y., H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
