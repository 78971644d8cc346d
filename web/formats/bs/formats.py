"""Bosnian date formats as written in Bosnia and Kosovo: 2. oktobra 2025., 17:30.

Django's own Bosnian formats abbreviate the month ("2. Okt. 2025.") and add the time zone
to a date and time ("17:30 CET"); pages show dates only in DATE_FORMAT and DATETIME_FORMAT.
"""

# "E" is the month in the genitive ("4. decembra 2026."): locale/*/django.po gives the
# "alt. month" forms; "F" stays the nominative for a month on its own ("decembar 2026.").
DATE_FORMAT = "j. E Y."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. E Y., H:i"
SHORT_DATE_FORMAT = "j.n.Y."
SHORT_DATETIME_FORMAT = "j.n.Y. H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
