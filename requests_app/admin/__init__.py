from . import request_admin, settings_admin  # noqa: F401 - registers the admins
