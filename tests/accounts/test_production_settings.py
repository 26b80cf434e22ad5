import secrets

from tests.conftest import manage_env, run_manage


def test_check_deploy_passes_on_the_production_settings():
    env = manage_env(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="occupancy.example.org",
                     SECURE_SSL_REDIRECT="1", CSRF_TRUSTED_ORIGINS="https://occupancy.example.org")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_cookies_are_secure_and_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.X_FRAME_OPTIONS == "DENY"
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.SECURE_HSTS_SECONDS > 0
