"""Static files in production: WhiteNoise's compressed, hashed files (collectstatic), each name's URL looked up once
per process.

Every page asks for the URLs of its stylesheet, icon and pictures (``{% static %}``): the manifest lookup and the
URL joining cost about 5 % of a page rendered around cached fragments. The manifest is read when the process starts
and changes only with the next deploy (a restart), so the URL of a name cannot change while the process lives.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

MAX_KEPT = 1000  # names; past it, looked up every time (templates name a few dozen)


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self.kept_urls.get(name)
        if url is None:
            url = super().url(name)  # a name missing from the manifest raises, and is not kept
            if len(self.kept_urls) < MAX_KEPT:
                self.kept_urls[name] = url
        return url
