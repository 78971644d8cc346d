"""Serbian (Latin) date formats: 2. oktobra 2025., 17:30 (a comma between date and time, as in the other languages)."""

# "E" is the month in the genitive ("4. decembra 2026."): locale/*/django.po gives the
# "alt. month" forms; "F" stays the nominative for a month on its own ("decembar 2026.").
DATE_FORMAT = "j. E Y."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. E Y., H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
