"""Django settings for carecommons.

Everything an operator may change comes from the environment (see docs/operations.md); the
embedded defaults give a private, single-machine install on SQLite that is safe to expose
only on localhost. `DEBUG` is off unless asked for.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
from pathlib import Path

import dj_database_url

from carecommons.core import env

PACKAGE_DIR = Path(__file__).resolve().parent
TESTING = "pytest" in sys.modules
# Tests never touch a developer's ./var: each run gets its own throwaway data directory.
DATA_DIR = env.path(
    "CARECOMMONS_DATA_DIR",
    Path(tempfile.mkdtemp(prefix="carecommons-test-")) if TESTING else Path.cwd() / "var",
)
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    configured = env.text("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.flag("DEBUG", False)
ALLOWED_HOSTS = env.words("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.words("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env.text("SITE_NAME", "carecommons")
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_tasks_db",
    "carecommons.core",
    "carecommons.audit",
    "carecommons.accounts",
    "carecommons.community",
    "carecommons.notifications",
    "carecommons.messaging",
    "carecommons.moderation",
    "carecommons.search",
    "carecommons.health",
    "carecommons.articles",
    "carecommons.care",
    "carecommons.registry",
    "carecommons.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "carecommons.accounts.middleware.LastSeenMiddleware",
]

ROOT_URLCONF = "carecommons.urls"
WSGI_APPLICATION = "carecommons.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carecommons.core.context_processors.site",
            ],
            "builtins": [
                "carecommons.core.templatetags.carecommons",
                "django.contrib.humanize.templatetags.humanize",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env.text("DATABASE_URL", f"sqlite:///{DATA_DIR / 'carecommons.sqlite3'}"),
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writing transactions.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
    }
    if TESTING:
        # A file, not the in-memory default: browser tests' live server answers several
        # requests at once (a page and its htmx fragments), and an in-memory database would
        # make those threads share one SQLite connection, which SQLite does not allow.
        DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["carecommons.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "carecommons.core.views.csrf_failure"

HTTPS = env.flag("HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
TIME_ZONE = env.text("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "private-files"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_OUTBOX_DIR = DATA_DIR / "outbox"
if env.text("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.text("EMAIL_HOST"),
                "port": env.integer("EMAIL_PORT", 25),
                "username": env.text("EMAIL_HOST_USER"),
                "password": env.text("EMAIL_HOST_PASSWORD"),
                "use_tls": env.flag("EMAIL_USE_TLS", False),
                "use_ssl": env.flag("EMAIL_USE_SSL", False),
                "timeout": env.integer("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    # With no SMTP server configured, mail is written to files an operator can read.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(EMAIL_OUTBOX_DIR)},
        }
    }

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING and not env.flag("CARECOMMONS_TEST_DB_TASKS", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Community knobs with defaults; administrators can override them at run time.
DEMO_PASSWORD = "care-commons-demo"
CARECOMMONS: dict[str, int] = {
    "TITLE_MAX_LENGTH": 150,
    "TITLE_MIN_LENGTH": 8,
    "BODY_MAX_LENGTH": 20_000,
    "BODY_MIN_LENGTH": 10,
    "REPLIES_PER_PAGE": 30,
    "DISCUSSIONS_PER_PAGE": 20,
}

# Notifications: a burst of activity within this many seconds becomes one email; digests go out
# at this hour (TIME_ZONE); the header's unread count refreshes this often.
CARECOMMONS_EMAIL_COALESCE_SECONDS = env.integer("EMAIL_COALESCE_SECONDS", 120)
CARECOMMONS_DIGEST_HOUR = env.integer("DIGEST_HOUR", 7)
CARECOMMONS_NOTIFICATION_POLL_SECONDS = env.integer("NOTIFICATION_POLL_SECONDS", 30)
# Care requests from other countries go to the international coordinators (ISO 3166 code).
CARECOMMONS_HOME_COUNTRY = env.text("HOME_COUNTRY", "US").upper()

# scope → (attempts, window in seconds), per account; an IP address gets five times as many.
CARECOMMONS_RATE_LIMITS: dict[str, tuple[int, int]] = {
    "post": (8, 10 * 60),
    "signup": (3, 60 * 60),
    "login": (10, 15 * 60),
    "password_reset": (3, 60 * 60),
    "message": (10, 10 * 60),
    "flag": (20, 60 * 60),
    "ask": (3, 60 * 60),
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
