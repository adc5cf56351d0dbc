"""Messages of Django's own that the project's catalogue translates anew, because Django's Japanese text says
something else. The project's catalogue (LOCALE_PATHS) comes before Django's; marking them here keeps them in it
when `make messages` regenerates the catalogue."""

from django.utils.translation import gettext_noop

# Django's Japanese says 「何か文字を入力してください。」 ("please type something") for a NUL character.
gettext_noop("Null characters are not allowed.")
