"""Production settings as `benchmarks/http.py` serves the site with them.

`config.settings.production` with a scratch static folder (collected by http.py), no HTTPS
redirect (the benchmark speaks plain HTTP on the loopback), the bare floor view's URL
(`http_urls`) and `/_bench/` kept out of the page cache. Never used by the site.
"""

import os

from config.settings.production import *  # noqa: F403
from config.settings.production import PAGE_CACHE_EXCLUDED_PATHS

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
SECURE_SSL_REDIRECT = False
PAGE_CACHE_EXCLUDED_PATHS = [*PAGE_CACHE_EXCLUDED_PATHS, "/_bench/"]
ROOT_URLCONF = "benchmarks.http_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
