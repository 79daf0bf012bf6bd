"""Every slice's tables, imported in one place so Alembic and the app see the whole schema."""

from tongban.audit import models as audit  # noqa: F401
from tongban.cases import models as cases  # noqa: F401
from tongban.cases import modes_models as case_modes  # noqa: F401
from tongban.cases import records as case_records  # noqa: F401 - signatures, archive records
from tongban.catalogue import models as catalogue  # noqa: F401
from tongban.core import ratelimit  # noqa: F401 - rate_limit_buckets (PostgreSQL keeps them in the database)
from tongban.demo import models as demo  # noqa: F401
from tongban.directory import models as directory  # noqa: F401
from tongban.feedback import models as feedback  # noqa: F401
from tongban.identity import models as identity  # noqa: F401
from tongban.identity import oauth_models as oauth  # noqa: F401
from tongban.jobs import models as jobs  # noqa: F401
from tongban.licences import models as licences  # noqa: F401
from tongban.logistics import models as logistics  # noqa: F401
from tongban.mandates import models as mandates  # noqa: F401
from tongban.notify import models as notify  # noqa: F401
from tongban.payments import models as payments  # noqa: F401
