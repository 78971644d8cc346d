from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The portal's web infrastructure, whatever it publishes: the page cache, compression, addresses,
    staff sign-in, stored files, printing, formats and text checks."""

    name = "web"
    verbose_name = _("Web infrastructure")

    def ready(self) -> None:
        from . import cyrillic, link_names, pagecache

        cyrillic.read_source_content_in_modeltranslation()
        pagecache.connect_receivers()
        link_names.name_link_tables()
