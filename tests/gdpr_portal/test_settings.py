"""Production settings: `check --deploy` is clean, and missing secrets stop start-up."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "gdpr_portal.settings.production",
    "SECRET_KEY": "a-production-like-secret-key-with-enough-entropy-0f9e8d7c6b5a4f3e2d1c",
    "ALLOWED_HOSTS": "gdpr.example.bg",
    "CSRF_TRUSTED_ORIGINS": "https://gdpr.example.bg",
    "DATABASE_URL": "postgres://gdpr@127.0.0.1:5432/gdpr_portal",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.bg:587",
    "SITE_URL": "https://gdpr.example.bg",
}


def run_manage(*args, env):
    excluded = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base_env = {k: v for k, v in os.environ.items() if k not in excluded}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_the_benchmark_views_are_on():
    result = run_manage("check", "--deploy", env={**PRODUCTION_ENV, "BENCHMARK_VIEWS": "true"})
    assert "portal.W001" in result.stdout + result.stderr


def test_an_sqlite_too_old_for_the_rate_limits_stops_start_up():
    from gdpr_portal.checks import sqlite_errors

    sqlite = "django.db.backends.sqlite3"
    assert [error.id for error in sqlite_errors(sqlite, (3, 34, 1))] == ["portal.E001"]
    assert sqlite_errors(sqlite, (3, 40, 1)) == []
    assert sqlite_errors("django.db.backends.postgresql", (3, 0, 0)) == []


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_site_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Europe/Sofia"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "bg"
    assert [code for code, _ in settings.LANGUAGES] == ["bg", "en"]


def test_media_goes_to_private_s3_storage_when_a_bucket_is_named():
    env = {
        **PRODUCTION_ENV,
        "MEDIA_S3_BUCKET": "gdpr-media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.bg",
    }
    code = (
        "from django.core.files.storage import default_storage as s; s._setup(); w = s._wrapped; "
        "print(type(w).__name__, getattr(w, 'bucket_name', '-'), getattr(w, 'default_acl', '-'), "
        "getattr(w, 'querystring_auth', '-'))"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert "S3Storage gdpr-media private True" in result.stdout
    local = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert local.returncode == 0, local.stderr
    assert "FileSystemStorage - - -" in local.stdout


def test_production_installs_no_demo():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.INSTALLED_APPS)",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "'policies'" in result.stdout
    assert "demo" not in result.stdout
    commands = run_manage("help", "--commands", env=PRODUCTION_ENV)
    assert "import_register" in commands.stdout
    assert "load_demo" not in commands.stdout
