import json
import logging

from occupancy.log_format import JsonLineFormatter, RedactSecrets


def format_line(message, *args, **extra):
    record = logging.makeLogRecord({"name": "occupancy.test", "levelname": "INFO", "msg": message, "args": args,
                                    **extra})
    RedactSecrets().filter(record)
    return JsonLineFormatter().format(record)


def test_each_event_is_one_json_line_with_its_fields():
    line = format_line("feed done", feed="locations", requests=2)
    assert "\n" not in line
    assert json.loads(line) | {"time": None} == {"time": None, "level": "INFO", "logger": "occupancy.test",
                                                 "event": "feed done", "feed": "locations", "requests": 2}


def test_tokens_and_secrets_never_reach_a_log_line():
    line = format_line("POST %s with Authorization: Bearer abc.DEF-123", "/oauth/token?client_secret=s3cr3t&code=xyz",
                       url="https://x/?access_token=tok987")
    for secret in ("abc.DEF-123", "s3cr3t", "xyz", "tok987"):
        assert secret not in line
    assert "[redacted]" in line
