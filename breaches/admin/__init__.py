from . import breach_admin, record_admin  # noqa: F401 - registers the admins
