"""The ceiling for bench.web: the least a Django view can do, served like the real site.

`gunicorn bench.ceiling:application` with the same workers, threads and worker class as
`carecommons serve`. No middleware, no templates, no database: a URL resolved to a view that
returns "ok". Whatever the real pages cost beyond this is the app's own work.
"""

from __future__ import annotations

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-not-secret",  # noqa: S106 (signs nothing)
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)
django.setup()


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
