import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# The interviewer's and the linter's learned models load (or train, the first time) while the first requests are
# served, not during a participant's turn.
from interviews.interviewer import learned as interviewer_model  # noqa: E402
from studies.guides import learned as linter_models  # noqa: E402

interviewer_model.MODEL.warm_in_background()
linter_models.MODELS.warm_in_background()
