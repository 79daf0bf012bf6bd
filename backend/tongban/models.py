"""Every slice's tables, imported in one place so Alembic and the app see the whole schema."""

from tongban.audit import models as audit  # noqa: F401
from tongban.catalogue import models as catalogue  # noqa: F401
from tongban.demo import models as demo  # noqa: F401
from tongban.directory import models as directory  # noqa: F401
from tongban.identity import models as identity  # noqa: F401
from tongban.identity import oauth_models as oauth  # noqa: F401
from tongban.notify import models as notify  # noqa: F401
