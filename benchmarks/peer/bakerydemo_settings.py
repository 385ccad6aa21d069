"""bakerydemo's production settings as `benchmarks/http.py --peer` serves it.

`bakerydemo.settings.production` (DEBUG off, WhiteNoise, its own middleware and template
caching) with what a plain-HTTP run on the loopback needs: no HTTPS redirect and no HSTS.
Its cache stays its production default without Redis (local memory per process). Errors
only in the log, as for TwinHub's run. Never used by TwinHub.
"""

import os

from bakerydemo.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
