"""Extension singletons, bound to the app in tongban.app's init steps."""

from flask_babel import Babel
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy

from tongban.core.db import Base

db = SQLAlchemy(model_class=Base)
api = Api()
babel = Babel()
