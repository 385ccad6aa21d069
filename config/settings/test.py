from .dev import *  # noqa: F403
from .dev import BASE_DIR, DATABASES

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server runs in another process.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}

# Tests see every request rendered; tests/core/test_page_cache.py turns the page cache on.
PAGE_CACHE_ENABLED = False

# The search log is written at once (production writes it every few seconds).
SEARCH_LOG_FLUSH_SECONDS = 0
