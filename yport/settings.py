"""Settings for the Y-PORT Portal, read from the environment (see README, "Configuration")."""

import datetime
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.urls.converters import SlugConverter
from django.utils.translation import gettext_lazy as _

from yport.env import env_bool, env_float, env_int, env_list, env_networks, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)

INSECURE_DEVELOPMENT_KEY = "django-insecure-local-development-only-never-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not DEBUG:
    if not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters when DJANGO_DEBUG is off."
        )
elif not SECRET_KEY:
    SECRET_KEY = INSECURE_DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the site's host names when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The site's address as visitors reach it, for links in emails (sent by a worker, outside any request).
SITE_URL = env_str(
    "DJANGO_SITE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if not DEBUG else "http://127.0.0.1:8000"
).rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, so the admin sees the translated fields
    "yport.apps.AdminConfig",  # django.contrib.admin with our admin site (two-factor sign-in)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",  # cross-origin reads of the open data (CORS_URLS_REGEX)
    "django_countries",
    "phonenumber_field",
    "reversion",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "accounts",  # after django_otp.plugins.otp_totp: its admin.py replaces django-otp's device admin
    "yport",
    "pagecache",
    "editorial",
    "cities",
    "projects",
    "conferences",
    "inquiries",
    "sitepages",
    "registrations",
    # Deletes a replaced, cleared or deleted upload (and, through yport.images, its renditions) once the change
    # commits. Last, as its documentation asks, so that it sees every app's file fields.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # First: drops X-Forwarded-For and X-Forwarded-Proto unless a trusted proxy sent them (TRUSTED_PROXIES).
    "yport.client.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that a cached download carries its CORS headers too; answers preflights itself.
    "corsheaders.middleware.CorsMiddleware",
    # Text answers gzip-compressed (yport/compression.py): below the static files (WhiteNoise sends its own
    # precompressed files), above the page cache (which stores pages compressed; this leaves them alone).
    "yport.compression.CompressTextMiddleware",
    # Inside the HTTPS redirect and the static files, outside everything a page's own headers come from.
    "pagecache.middleware.PageCacheMiddleware",
    "yport.content_security.CSPMiddleware",  # django-csp's, the headers built once per process
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "yport.http.NumberOutOfRangeMiddleware",  # a number SQLite cannot store: 400, not 500
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a 404 for an old address (a redirect staff made, a former slug) into a 301 to the new one.
    "editorial.redirects.RedirectFallbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into the lockout page
]

ROOT_URLCONF = "yport.urls"
WSGI_APPLICATION = "yport.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yport.context_processors.language_alternates",
                "pagecache.fragments.fragment_context",
            ],
        },
    },
]

# --- Database and cache -----------------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A persistent connection to a database that was restarted is checked and replaced, not used broken.
        conn_health_checks=True,
    )
}
# A database that accepts connections and never answers must not hold a worker: connecting gives up after
# DATABASE_CONNECT_TIMEOUT seconds, a statement after DATABASE_STATEMENT_TIMEOUT seconds (also the longest wait for a
# lock, such as the inquiry reference counter's).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 30)
# An open connection whose server stops answering (a network partition, a frozen host) never reaches the statement
# timeout, which the server enforces. The client's TCP gives up instead: data it sent unacknowledged for
# DATABASE_TCP_USER_TIMEOUT seconds, or a wait for an answer during which nothing arrived for DATABASE_KEEPALIVES_IDLE
# seconds and DATABASE_KEEPALIVES_COUNT probes DATABASE_KEEPALIVES_INTERVAL seconds apart went unanswered. A live
# server acknowledges both at once, so neither limits a long query. With the defaults a request on a stalled
# connection answers the 503 page within about ten seconds (this timeout, then one connect timeout for the retry).
DATABASE_TCP_USER_TIMEOUT = env_int("DATABASE_TCP_USER_TIMEOUT", 5)
DATABASE_KEEPALIVES_IDLE = env_int("DATABASE_KEEPALIVES_IDLE", 5)
DATABASE_KEEPALIVES_INTERVAL = env_int("DATABASE_KEEPALIVES_INTERVAL", 2)
DATABASE_KEEPALIVES_COUNT = env_int("DATABASE_KEEPALIVES_COUNT", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}",
        keepalives=1,
        keepalives_idle=DATABASE_KEEPALIVES_IDLE,
        keepalives_interval=DATABASE_KEEPALIVES_INTERVAL,
        keepalives_count=DATABASE_KEEPALIVES_COUNT,
        tcp_user_timeout=DATABASE_TCP_USER_TIMEOUT * 1000,
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins, so two concurrent writers wait for each other (up to the
    # timeout) instead of one failing with "database is locked" when it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=DATABASE_STATEMENT_TIMEOUT
    )

REDIS_URL = env_str("REDIS_URL")
# Whole public pages for anonymous visitors, in each app server's memory and the shared cache (pagecache/middleware.py);
# 0 turns it off (for the benchmark and for debugging). Off by default in debug, where a template being edited must
# show at once. A page is kept until its content changes, the next publish-window boundary or a moment its view names
# (pagecache/lifetime.py), and at most PAGE_CACHE_MAX_SECONDS (a day, so that pages of past content leave Redis).
# Each process keeps at most PAGE_CACHE_LOCAL_BYTES of pages in its memory (64 MiB), least recently used dropped first.
# With the page cache off, cached fragments follow publish windows every PAGE_CACHE_SECONDS instead.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", not DEBUG)
PAGE_CACHE_MAX_SECONDS = env_int("DJANGO_PAGE_CACHE_MAX_SECONDS", 24 * 60 * 60)
PAGE_CACHE_LOCAL_BYTES = env_int("DJANGO_PAGE_CACHE_LOCAL_BYTES", 64 * 1024 * 1024)
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 60)
# Seconds before a cache that is down or does not answer counts as unavailable; a cache outage is never an error.
CACHE_TIMEOUT = env_float("CACHE_TIMEOUT_SECONDS", 0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
        }
    }
else:
    # The database cache is shared by every worker process (unlike the local-memory cache).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "yport_cache"}}

# Parts of public pages rendered once per content change ({% cache %} in the templates, pagecache/fragments.py): in
# each app server's memory, where reading them costs no round trip; their keys change with every content change.
# At most 1,000 fragments (a page's is at most ~70 kB on a large data set: ~70 MB per process at worst).
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# --- Languages and time -----------------------------------------------------------------------------------------

LANGUAGE_CODE = "ja"
LANGUAGES = [
    ("ja", _("Japanese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ja"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ja",)
# modeltranslation's tabbed admin needs jQuery UI: served from static/vendor, never from a CDN (the CSP forbids it).
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static files and uploads -----------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("DJANGO_MEDIA_ROOT", BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "yport.staticfiles.ManifestStaticFilesStorage"  # WhiteNoise's, each URL looked up once
    },
}
# Local runs (and the tests) serve static files straight from the source folders; production from collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded media on this machine's disk, or (DJANGO_MEDIA_STORAGE=s3) in an S3-compatible bucket that every app
# server shares, read by browsers straight from the bucket's public address (yport/storage.py, docs/deploying.md).
MEDIA_STORAGE = env_str("DJANGO_MEDIA_STORAGE", "local").strip().lower()


def s3_account():
    """What the media bucket and the private bucket share (DJANGO_S3_*): the endpoint, the region, the key and the
    patience. Read only when a bucket is used."""
    return {
        "endpoint_url": env_str("DJANGO_S3_ENDPOINT_URL"),
        "region": env_str("DJANGO_S3_REGION"),
        "access_key_id": env_str("DJANGO_S3_ACCESS_KEY_ID"),
        "secret_access_key": env_str("DJANGO_S3_SECRET_ACCESS_KEY"),
        "timeout": env_float("DJANGO_S3_TIMEOUT_SECONDS", 5.0),
        "attempts": env_int("DJANGO_S3_ATTEMPTS", 3),
    }


if MEDIA_STORAGE == "s3":
    from yport.storage import s3_media_storage

    STORAGES["default"], MEDIA_URL = s3_media_storage(
        bucket=env_str("DJANGO_S3_BUCKET"),
        public_url=env_str("DJANGO_S3_PUBLIC_URL"),
        acl=env_str("DJANGO_S3_ACL", "public-read"),
        **s3_account(),
    )
    MEDIA_URL += "/"
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"DJANGO_MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
# Files nobody may fetch by address (the PDFs attached to business inquiries): staff download them through a view
# that checks their permission. On this machine's disk outside MEDIA_ROOT and STATIC_ROOT (DJANGO_PRIVATE_ROOT), or
# (DJANGO_PRIVATE_STORAGE=s3, the default with DJANGO_MEDIA_STORAGE=s3) in a bucket of their own whose objects are
# private (DJANGO_PRIVATE_BUCKET, on the endpoint and with the key of DJANGO_S3_*).
PRIVATE_STORAGE = env_str("DJANGO_PRIVATE_STORAGE", MEDIA_STORAGE).strip().lower()
PRIVATE_ROOT = env_path("DJANGO_PRIVATE_ROOT", BASE_DIR / "private")
if PRIVATE_STORAGE == "s3":
    from yport.storage import s3_private_storage

    STORAGES["private"] = s3_private_storage(
        bucket=env_str("DJANGO_PRIVATE_BUCKET"), public_bucket=env_str("DJANGO_S3_BUCKET"), **s3_account()
    )
elif PRIVATE_STORAGE == "local":
    from yport.storage import local_private_storage

    STORAGES["private"] = local_private_storage(
        location=PRIVATE_ROOT, public_roots=(MEDIA_ROOT, STATIC_ROOT, *STATICFILES_DIRS)
    )
else:
    raise ImproperlyConfigured(f"DJANGO_PRIVATE_STORAGE must be local or s3, not {PRIVATE_STORAGE!r}.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Image rules shared by every uploaded picture (speaker photos, banners, city images).
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024

# --- Email ------------------------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Y-PORT Portal <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who is told about each new inquiry; locally a placeholder, so the console shows the notification too.
INQUIRY_NOTIFY_EMAILS = env_list("INQUIRY_NOTIFY_EMAILS", "staff@localhost" if DEBUG else "")
# Where the companies' answers to replies sent from the admin go (Reply-To): the programme's shared mailbox. By
# default the first notified address, else DEFAULT_FROM_EMAIL.
INQUIRY_REPLY_TO = env_str(
    "INQUIRY_REPLY_TO", INQUIRY_NOTIFY_EMAILS[0] if INQUIRY_NOTIFY_EMAILS else DEFAULT_FROM_EMAIL
)

# --- Security ---------------------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A form sent without its CSRF cookie (cookies blocked) gets a page in the site's layout and language saying what to
# do, not Django's English default (whose inline style the CSP blocks).
CSRF_FAILURE_VIEW = "yport.views.csrf_failure"
# Staff sessions end after a working day and when the browser closes.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_MAX_AGE_SECONDS", 9 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The networks of the reverse proxies in front of the app servers: comma-separated addresses or CIDR networks, IPv4
# and IPv6 ("127.0.0.1,::1" for a proxy on the same machine, "10.0.1.0/24" for a load balancer's subnet). Only a
# connection from one of them may say who the client is (X-Forwarded-For) and that it came over HTTPS
# (X-Forwarded-Proto); from anyone else both headers are dropped (yport/client.py). Empty: the app servers are
# reached directly and the connecting address is the client. docs/deploying.md, "Reverse proxy".
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
# Deprecated, removed in the next release: the number of proxies appending to X-Forwarded-For. Read only while
# DJANGO_TRUSTED_PROXIES is empty, and then the N nearest hops are trusted whatever their address (see
# yport.client.is_trusted_proxy); `manage.py check` and the start-up log warn.
INQUIRY_TRUSTED_PROXY_COUNT = env_int("INQUIRY_TRUSTED_PROXY_COUNT", 0)
if not DEBUG:
    # Believed only from TRUSTED_PROXIES: yport.client.ForwardedHeadersMiddleware drops the header from anyone else.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for Path=/ and without Domain (Django
    # sets neither SESSION_COOKIE_DOMAIN nor CSRF_COOKIE_DOMAIN), so no other host can plant or overwrite it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # security.W021 asks for HSTS preloading. Preloading puts the domain and all its subdomains into every
        # browser's HTTPS-only list, and leaving the list takes months, so it is the domain owner's decision (the
        # city's), not a default of this site: set DJANGO_SECURE_HSTS_PRELOAD=1 once they have decided (README,
        # "Security").
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The browser features the site never uses, denied to its pages and anything they embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Pictures come from this site, data: URLs (the SDG charts, the QR code) and the media bucket if there is one.
        "img-src": ["'self'", "data:", *([MEDIA_URL] if MEDIA_STORAGE == "s3" else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in: django-axes first: it refuses a locked-out user or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
# Lockout after repeated failed sign-ins, counted per user name (from any address) and per address (for any user
# name) independently; a lockout ends by itself after the cool-off since the last failure.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# Attempts are kept in the database, never the cache: the cache may be down, and a lockout must hold across workers.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.lockout_client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Tries during a lockout do not extend it, so the time the lockout page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Two-factor sign-in (TOTP) for the admin; on unless debug is on.
ADMIN_2FA = env_bool("DJANGO_ADMIN_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Y-PORT Portal"
# A wrong code at sign-in counts towards the lockout above like a wrong password (accounts.two_factor), which is the one
# limit on guessing. django-otp's own throttle is off: it doubles the wait after every wrong code until a right one,
# so someone with the password alone could keep the owner's codes unchecked for hours or days.
OTP_TOTP_THROTTLE_FACTOR = 0
# The device admin never shows a secret key or its QR code: each staff member enrols on their own page.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own "django" logger has a console handler in debug and passes its records on to the root logger
    # too, which printed every line twice; here it only passes them on.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}

# --- Read-only JSON API (/api/v1/, docs/api.md) ------------------------------------------------------------------

# Requests per anonymous client address (yport.client.client_address) and period (s, min, hour, day), counted in
# the shared cache.
API_ANON_RATE = env_str("API_ANON_RATE", "120/min").strip()
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_RATE):
    raise ImproperlyConfigured(
        f"API_ANON_RATE must be a number of requests per s, min, hour or day, not {API_ANON_RATE!r}."
    )
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    # Public and read-only: no sign-in (so no session and no CSRF), JSON only.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["yport.api.AnonymousRateThrottle"],
    # DRF's, with the messages it leaves in English translated (an unknown slug, the throttle's wait).
    "EXCEPTION_HANDLER": "yport.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "yport.api.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "yport.api_schema.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    # ?format= is the conference list's filter (online, on site, hybrid), not a choice of renderer.
    "URL_FORMAT_OVERRIDE": None,
}
# Open data: a page on any origin may read the API, the cities' data downloads and the catalogue's (GET, HEAD,
# OPTIONS), never with credentials; no other address (pages, admin, the inquiry form) answers cross-origin requests.
CORS_URLS_REGEX = r"^/api/v1/|^/(?:{})/(?:cities/[^/]+/data|data/[^/]+)\.(?:csv|json)$".format(
    "|".join(code for code, _name in LANGUAGES)
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language")
CORS_EXPOSE_HEADERS = ("Retry-After",)  # the throttle's wait (Content-Language is readable without it)
SPECTACULAR_SETTINGS = {
    "TITLE": "Y-PORT Portal API",
    "DESCRIPTION": "Read-only data of the Y-PORT Portal: conferences, sessions, speakers and partner cities.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "yport.api_schema.empty_query_value_is_absent",
    ],
    # What Django's slug converter accepts, which the API's addresses use.
    "PATH_CONVERTER_OVERRIDES": {"slug": {"type": "string", "pattern": f"^{SlugConverter.regex}$"}},
}

# --- Editorial workflow -----------------------------------------------------------------------------------------

# How many days a shareable preview link (made from a conference's or city's admin page) works without an account.
PREVIEW_LINK_DAYS = env_int("PREVIEW_LINK_DAYS", 7)
if PREVIEW_LINK_DAYS < 1:
    raise ImproperlyConfigured(f"PREVIEW_LINK_DAYS must be at least 1, not {PREVIEW_LINK_DAYS}.")

# --- Business inquiries -----------------------------------------------------------------------------------------

# Accepted inquiries per client network (IPv4 /24, IPv6 /48) and window, counted in the database; past it the
# form answers HTTP 429 with everything typed kept, and stores nothing.
INQUIRY_RATE_LIMIT = env_int("INQUIRY_RATE_LIMIT", 5)
INQUIRY_RATE_WINDOW_SECONDS = env_int("INQUIRY_RATE_WINDOW_SECONDS", 3600)
# A form sent back sooner than this after it was shown is treated as a bot (signed timestamp in the form).
INQUIRY_MIN_FILL_SECONDS = env_int("INQUIRY_MIN_FILL_SECONDS", 3)
# How long a shown form stays valid; older ones are shown again with a fresh token.
INQUIRY_FORM_MAX_AGE_SECONDS = env_int("INQUIRY_FORM_MAX_AGE_SECONDS", 60 * 60 * 24)
# purge_inquiries anonymises closed and spam inquiries older than this by default.
INQUIRY_RETENTION_DAYS = env_int("INQUIRY_RETENTION_DAYS", 730)
# PDF files a company may attach to an inquiry (company profile, proposal): how many, and how large each. They are
# kept in STORAGES["private"] and purged with the inquiry's personal data.
INQUIRY_ATTACHMENT_MAX_FILES = env_int("INQUIRY_ATTACHMENT_MAX_FILES", 3)
INQUIRY_ATTACHMENT_MAX_BYTES = env_int("INQUIRY_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# A form sent with a larger body is refused (413) before it is read; within it, a file above the limit is read and
# dropped and the form says which one. Keep it at or below the reverse proxy's client_max_body_size.
INQUIRY_REQUEST_MAX_BYTES = env_int("INQUIRY_REQUEST_MAX_BYTES", 50 * 1024 * 1024)
# The first answer to an inquiry is due this many Japanese working days after the day it was received (weekends,
# national holidays and the year-end closure 29 Dec – 3 Jan skipped; see inquiries/working_days.py).
INQUIRY_RESPONSE_DAYS = env_int("INQUIRY_RESPONSE_DAYS", 3)
# The version recorded with every consent while the privacy notice is not yet a site page (sitepages; then its
# revision is the version).
PRIVACY_NOTICE_VERSION = env_str("PRIVACY_NOTICE_VERSION", "2026-11")

# --- Conference registrations ----------------------------------------------------------------------------------

# The registration form's protection, as the inquiry form's: accepted registrations per client network and window
# (counted in the database), the minimum fill time and how long a shown form stays valid.
REGISTRATION_RATE_LIMIT = env_int("REGISTRATION_RATE_LIMIT", 10)
REGISTRATION_RATE_WINDOW_SECONDS = env_int("REGISTRATION_RATE_WINDOW_SECONDS", 3600)
REGISTRATION_MIN_FILL_SECONDS = env_int("REGISTRATION_MIN_FILL_SECONDS", 3)
REGISTRATION_FORM_MAX_AGE_SECONDS = env_int("REGISTRATION_FORM_MAX_AGE_SECONDS", 60 * 60 * 24)

# --- Accessibility (/<lang>/accessibility/, docs/accessibility/) ------------------------------------------------

# The test results the accessibility page publishes, written by `make a11y-report`.
ACCESSIBILITY_RESULTS_FILE = env_path(
    "ACCESSIBILITY_RESULTS_FILE", BASE_DIR / "docs" / "accessibility" / "results.json"
)
