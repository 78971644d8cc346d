"""Bosnian date formats as written in Bosnia and Kosovo: 2. oktobar 2025., 17:30.

Django's own Bosnian formats abbreviate the month ("2. Okt. 2025.") and add the time zone
to a date and time ("17:30 CET"); pages show dates only in DATE_FORMAT and DATETIME_FORMAT.
"""

DATE_FORMAT = "j. F Y."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. F Y., H:i"
SHORT_DATE_FORMAT = "j.n.Y."
SHORT_DATETIME_FORMAT = "j.n.Y. H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
