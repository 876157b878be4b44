"""Settings for Diplomatic Desk, read from the environment (twelve-factor style).

DATABASE_URL  defaults to a SQLite file inside the project.
SECRET_KEY    required when DEBUG is off; a development default is used while DEBUG is on.
DEBUG         "1"/"true" to enable; off unless set, so a deploy that forgets it fails safe
              (``make run`` and ``make test`` turn it on).
ALLOWED_HOSTS comma-separated host names.
API_ANON_RATE throttle rate for anonymous API clients, e.g. "60/min".
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # The structured body's rich-text editor in the admin; its scripts are our static files.
    "django_prose_editor",
    "images",
    "actors",
    "articles",
    "intake",
    "coverage_site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Anonymous pages answered from the cache, before sessions and auth (core/cache.py).
    "core.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# Background jobs (django-tasks): work too big for one request, such as re-rendering the
# thousands of stories that show a renamed actor, is queued in the database and run by
# `manage.py db_worker` (`make run` starts one beside the server). No other service needed.
INSTALLED_APPS += ["django_tasks", "django_tasks.backends.database"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}

ROOT_URLCONF = "coverage_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coverage_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "coverage_site.wsgi.application"
ASGI_APPLICATION = "coverage_site.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let several gunicorn workers share the file safely.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "coverage_site" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Uploaded photos (the image library) ---------------------------------------------
# Stored through Django's storage API: files under MEDIA_ROOT by default, served at
# MEDIA_URL by the app itself (MEDIA_SERVE, on unless S3 is configured; better, have the
# web server in front serve MEDIA_ROOT and set MEDIA_SERVE=false). With MEDIA_S3_BUCKET
# set, photos go to that S3-compatible bucket instead (django-storages, which needs
# boto3): MEDIA_S3_ENDPOINT_URL (e.g. https://s3.eu-central-1.amazonaws.com or a MinIO
# address), MEDIA_S3_REGION, MEDIA_S3_ACCESS_KEY_ID / MEDIA_S3_SECRET_ACCESS_KEY (else
# boto3's own configuration), MEDIA_S3_CUSTOM_DOMAIN (a CDN in front of the bucket).
# Objects are read by public URL, unsigned: the bucket must let readers GET them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
MEDIA_SERVE = env_bool("MEDIA_SERVE", not MEDIA_S3_BUCKET)
MEDIA_ORIGINS = []  # where photos are served from, if not this site (for CSP img-src)
if MEDIA_S3_BUCKET:
    _s3 = {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_S3_REGION") or None,
        "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
        "querystring_auth": False,  # stored pages keep the addresses: they must not expire
        "file_overwrite": False,
        "default_acl": None,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {key: value for key, value in _s3.items() if value is not None},
    }
    if _s3["custom_domain"]:
        MEDIA_ORIGINS.append(f"https://{_s3['custom_domain']}")
    elif _s3["endpoint_url"]:
        MEDIA_ORIGINS.append(_s3["endpoint_url"].rstrip("/"))
    else:
        MEDIA_ORIGINS.append("https://*.amazonaws.com")
# Uploads: a photo may be 20 MB (images/processing.py); a form or API request carrying
# one may be this large, a little more for the other fields. Larger is refused with 413.
UPLOAD_MAX_REQUEST_SIZE = int(os.environ.get("UPLOAD_MAX_REQUEST_SIZE", str(21 * 1024 * 1024)))
# --- end of uploaded photos ---

LOGIN_URL = "admin:login"
SESSION_ENGINE = "coverage_site.sessions"

SITE_NAME = "Diplomatic Desk"
# The group whose members' API tokens may read embargoed stories before their lift time.
PARTNER_GROUP = os.environ.get("PARTNER_GROUP", "partners")

# Anonymous API clients get this many requests, e.g. "60/min"; load tests and fuzzers raise it.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/min")

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "coverage_site.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Writes are JSON only: one documented body format per operation.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.DepthLimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["coverage_site.throttling.AnonRateThrottle"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomatic Desk API",
    "DESCRIPTION": (
        "Who said what, through which outlet, at which event.\n\n"
        "Reads are open to anyone (published stories only). Writes need a token: "
        "`Authorization: Token <key>`. Filters take slugs, dates take reduced-precision "
        "ISO 8601 (`2025`, `2025-09`, `2025-09-04`). Errors are `{field: [messages]}` "
        "(400) or `{detail: message}`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.models.Actor.Kind",
        "OutletTypeEnum": "actors.models.Actor.OutletType",
        "EventKindEnum": "actors.models.Event.Kind",
        "ParticipantRoleEnum": "actors.models.EventParticipant.Role",
        "DatePrecisionEnum": "core.dates.DatePrecision",
        "ArticleStatusEnum": "articles.models.Article.Status",
        "QuoteKindEnum": "articles.models.Quote.Kind",
    },
}

# --- The cache: pages, anonymous API responses and the API throttle (core/cache.py) ---
# REDIS_URL           e.g. redis://127.0.0.1:6379/0: one cache shared by every worker and
#                     machine. Without it each process keeps its own (local memory), which
#                     is right for one process only: more workers need REDIS_URL.
# PAGE_CACHE_SECONDS  how long a stored page may be served (writes invalidate it sooner);
#                     0 turns the page cache off. On by default (600) only with REDIS_URL
#                     and DEBUG off: a write (or the background worker's re-render) clears
#                     pages in the cache it reaches, so one process's local memory is right
#                     only when that one process serves every request.
# PAGE_CACHE_MAX_AGE  the max-age told to caches in front of us (a CDN, Varnish).
# PAGE_CACHE_HEADERS  send Cache-Control/ETag/Last-Modified on public pages with the page
#                     cache off too; on unless DEBUG (a developer sees every edit at once).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dd",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "diplomatic-desk",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
PAGE_CACHE_SECONDS = int(
    os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL and not DEBUG else "0")
)
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_HEADERS = env_bool("PAGE_CACHE_HEADERS", not DEBUG)
PAGE_CACHE_POLICY = "articles.cache_invalidation.page_dependencies"
PAGE_CACHE_EXPIRY = "articles.cache_invalidation.next_go_live"
# API_THROTTLE_CACHED  count API responses answered from the page cache against
#                      API_ANON_RATE too (off: a hit, like one from a CDN in front of us,
#                      costs us nothing; on, it costs one more round trip to Redis).
PAGE_CACHE_ADMIT = (
    "coverage_site.throttling.admit_cached" if env_bool("API_THROTTLE_CACHED", False) else None
)
PAGE_CACHE_EXCLUDE = ["/admin/", "/static/"]
PAGE_CACHE_ACCEPT_PREFIXES = ["/api/"]
# A replica may lag behind a write: store no page until it has caught up.
PAGE_CACHE_SETTLE_SECONDS = (
    int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "5"))
    if os.environ.get("DATABASE_REPLICA_URL")
    else 0
)
# --- end of the cache ---

CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Location"]

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Production: HTTPS, Content-Security-Policy, login throttling, read replicas ------
# HTTPS only, unless DEBUG is on. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER to the header it adds ("X-Forwarded-Proto: https") and
# TRUSTED_PROXY_COUNT to the number of proxies in front of the app, so that the client's
# address (for the API throttle and login lockouts) is the one the outermost proxy saw.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header, _, _value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(":")
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _header.strip().upper().replace("-", "_"),
        _value.strip() or "https",
    )
REST_FRAMEWORK["NUM_PROXIES"] = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy on every response (django-csp). Scripts: our own files, or an
# inline script carrying the request's nonce (``request.csp_nonce``: only the API docs
# have one). The reader's pages run no script at all; their JSON-LD is a data block,
# which CSP does not govern, so they carry no nonce and stay cacheable. Styles may be
# inline: the admin and the API docs use style attributes, and a nonce in style-src
# would make browsers ignore 'unsafe-inline'.
INSTALLED_APPS += ["csp", "axes"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "coverage_site.content_security.ContentSecurityPolicyMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# The docs page would otherwise send the schema's address to an outside validator.
SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"] = {"deepLinking": True, "validatorUrl": None}

# Login throttling (django-axes, counted in the database every app server shares):
# LOGIN_FAILURE_LIMIT failed logins lock that account, and that address, out for
# LOGIN_COOLOFF_MINUTES, in the admin and at POST /api/v1/auth/token/. Axes' middleware
# comes last, as it asks.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "coverage_site.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "coverage_site.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "coverage_site.auth.lockout_response"
AXES_COOLOFF_MESSAGE = (
    "Too many failed logins for this account or from this address. "
    f"Try again in {int(AXES_COOLOFF_TIME.total_seconds()) // 60} minutes."
)

# A read replica (DATABASE_REPLICA_URL): safe requests read from it, writes and the reads
# that must see them go to the primary (core/db_router.py). For REPLICA_PIN_SECONDS after
# a client writes, its requests read the primary, until the replica has caught up. In
# the test run the replica mirrors the test database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "5"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "core.db_router.ReplicaReadsMiddleware",
    )
# --- end of production block ------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
