"""Settings shared by every environment.

Services are chosen by environment variables (see the README's table): with
none set, the site runs on SQLite, the in-memory channel layer, a local-memory
cache and Wagtail's database search backend.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # Daphne first, so `runserver` serves HTTP and WebSockets from one ASGI process.
    "daphne",
    "core",
    "home",
    "hub",
    "partnerships",
    "applications",
    "search",
    "workshops",
    "registrations",
    "follows",
    "demo",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "django_ratelimit",
    "rest_framework",
    "channels",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a cached page for an anonymous visitor skips everything below.
    "core.page_cache.PageCacheMiddleware",
    # A page that is rendered reads the cache's version tokens once, in one round trip.
    "core.cache_versions.RequestTokensMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Anonymous visitors' pages are kept whole in the cache (core/page_cache.py) for at most
# this long, and purged when anything they show changes.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/accounts/",
    "/contact/",
    # A registration's page and the digest's unsubscribe page show one person's data.
    "/registrations/",
    "/follows/",
    "/partnerships/",
    "/workshops/",
    "/_util/",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Live workshop rooms write while pages are read; WAL keeps readers unblocked.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
# Kept between requests, which run on one thread per process (core/asgi.py): opening a
# connection costs more than most pages' queries (SQLite reads its schema, runs the
# pragmas above and starts with an empty page cache each time).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Checks silenced on purpose; each is added beside the setting it is about.
SILENCED_SYSTEM_CHECKS = []

# Workshop rooms: how many messages one participant may send in a room, over a sliding
# window of this many seconds (workshops/services.py; the client is told in `welcome`).
WORKSHOP_RATE_LIMIT = {"messages": 5, "seconds": 5}

# Redis: the channel layer and the cache when REDIS_URL is set; memory otherwise.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Redis pub/sub by default: a broadcast to a room crosses Redis once per server
    # process rather than once per participant (docs/workshops.md, "Benchmark").
    # REDIS_CHANNEL_LAYER=core selects the list-based layer instead.
    if env("REDIS_CHANNEL_LAYER", default="pubsub") == "core":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    # redis-py 8 times socket reads out after 5 s, as long as the layer's
                    # blocking BZPOPMIN waits; a longer read timeout avoids the race.
                    "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                    "prefix": env("CHANNEL_PREFIX", default="twinhub"),
                },
            }
        }
    else:
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": REDIS_URL}],
                    "prefix": env("CHANNEL_PREFIX", default="twinhub"),
                },
            }
        }
    CACHES = {
        "default": {
            # django-redis, degrading to a miss when Redis is down (config/cache.py).
            "BACKEND": "config.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_PREFIX", default="twinhub"),
        }
    }
    # django-ratelimit knows django-redis by its class name only; the fallback subclass
    # keeps its atomic increments, which is what the check is about.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.W001"]
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The embedded default is one process, so its local-memory cache is the one every
    # request sees: enough for the contact form's rate limits (production uses Redis).
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Search: Elasticsearch when ELASTICSEARCH_URL is set, the database backend otherwise
# (SQLite FTS5 on a laptop, PostgreSQL full-text search in production).
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": env("ELASTICSEARCH_INDEX", default="twinhub"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
# How the apps that may not import `home` (the workshop rooms) name a person: display
# name and the city or organisation they work for (core/people.py).
PEOPLE_DESCRIBER = "home.people.describe_many"

# Failed sign-ins are counted per username by django-axes, in the database (works on
# SQLite and PostgreSQL, shared by every worker); the site's and the Wagtail admin's
# sign-in forms both go through it. After AXES_FAILURE_LIMIT wrong passwords, signing in
# to that username is refused for AXES_COOLOFF_TIME and the lockout page says what to do;
# resetting the password lifts it (docs/security.md, "Accounts").
AUTHENTICATION_BACKENDS = [
    "home.auth.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per username, not per address: city staff often share one office address, and a
# password-guessing run from many addresses still meets the lock. (axes.W006 asks for the
# address too; rotating user agents or cookies gains nothing against a username lock.)
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS += ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Only failures are kept (with the address and browser of each), until a successful
# sign-in or until they are older than the pause; successful sign-ins are not logged.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "home.views.locked_out"
AXES_ENABLE_ADMIN = False  # no Django admin: `manage.py axes_reset_username` unlocks
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content security policy: the public site loads nothing from another host and runs no
# inline script. The Wagtail admin is left out because it relies on inline scripts.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "TwinHub"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "vtt", "xlsx", "mp4", "webm"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True

# The admin does not ask wagtail.org for new releases, nor gravatar.com for avatars (it
# shows its own default one): the site works offline.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Webinar registrations (name, organisation, city, email) are deleted this many days after
# their webinar ends (registrations.retention.delete_expired).
WEBINAR_REGISTRATION_RETENTION_DAYS = env.int("WEBINAR_REGISTRATION_RETENTION_DAYS", default=30)

# How long personal data is kept, in days, in one place: the privacy page (/privacy/)
# states these periods and `manage.py delete_expired_personal_data`, run daily by a
# scheduler, deletes what is older (`core.personal_data`).
PERSONAL_DATA_RETENTION_DAYS = {
    # messages people send cities through a city's contact form, and the answers
    "contact_messages": env.int("CITY_MESSAGE_RETENTION_DAYS", default=365),
    # applications to a programme's call (the city profile made from one stays)
    "applications": env.int("APPLICATION_RETENTION_DAYS", default=730),
    # webinar registrations, counted from the end of their webinar
    "registrations": WEBINAR_REGISTRATION_RETENTION_DAYS,
}


# Signing up and resetting a password work through emailed links: production sets
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the server below.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="TwinHub <noreply@twinhub.localhost>")

# Country shapes for the hub's map (hub/maps.py): the world-atlas npm package, `npm ci`.
WORLD_ATLAS_PATH = env(
    "WORLD_ATLAS_PATH",
    default=str(BASE_DIR / "node_modules" / "world-atlas" / "countries-110m.json"),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
