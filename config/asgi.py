import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# Everything a request may need loads (the learned models are built first if this machine has none) while the first
# requests are served, then is set aside from the garbage collector: config/warm.py.
from config import warm  # noqa: E402

warm.ready_in_background()
