import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yport.settings")

application = get_asgi_application()

from yport.client import log_trusted_proxies  # noqa: E402 - needs the settings configured above

log_trusted_proxies()
