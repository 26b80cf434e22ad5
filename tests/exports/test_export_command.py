"""manage.py export: the web's file from the command line, with a progress bar, whole or not at all."""

import pytest
from django.core.management import CommandError, call_command

from occupancy.read import exports
from tests.conftest import manage_env, run_manage, test_database_url_for_subprocesses

CLOSED = {"campus": "1", "since": "2026-03-28", "until": "2026-03-29"}  # no session still open: no moving now


def test_the_command_writes_the_same_file_as_the_web(staff_client, paris, tmp_path, capsys):
    target = tmp_path / "locations.csv"

    call_command("export", "locations", "-o", str(target), *[f"--{key}={value}" for key, value in CLOSED.items()])

    web = b"".join(staff_client.get("/exports/locations.csv", CLOSED).streaming_content)
    assert target.read_bytes() == web
    assert "locations to " in capsys.readouterr().err  # the progress bar


def test_the_command_takes_every_filter_and_excel(paris, tmp_path):
    target = tmp_path / "mine.csv"

    call_command("export", "locations", "-o", str(target), "--campus=1", "--since=2026-03-28", "--until=2026-03-30",
                 "--cluster=e2", "--login=jdoe", "--active", "--excel")

    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("\ufefflocation id;campus;host;")
    assert [line.split(";")[0] for line in lines[1:]] == ["10"]


@pytest.mark.parametrize("arguments, reason", [
    (["nope", "-o", "x.csv"], "There is no export called 'nope'"),
    (["locations", "--campus=1"], "-o FILE is required"),
    (["locations", "-o", "x.csv"], "campus: This field is required."),
    (["occupancy", "-o", "x.csv", "--campus=1", "--by=week"], "by: Select a valid choice."),
    (["locations", "-o", "/no/such/folder/x.csv", "--campus=1"], "cannot write /no/such/folder/x.csv"),
])
def test_bad_arguments_stop_with_one_line(paris, arguments, reason):
    with pytest.raises(CommandError, match=reason.replace("(", r"\(")) as error:
        call_command("export", *arguments)

    assert "\n" not in str(error.value)


def test_a_bad_argument_exits_non_zero_with_one_line_and_no_traceback(db, tmp_path):
    result = run_manage("export", "locations", "-o", str(tmp_path / "x.csv"), "--campus=404",
                        env=manage_env(DATABASE_URL=test_database_url_for_subprocesses()))

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: campus: Select a valid choice. That choice is not one of the available choices."]
    assert not (tmp_path / "x.csv").exists()


def test_a_failure_half_way_leaves_no_file_and_the_old_one_untouched(paris, tmp_path, monkeypatch):
    def failing(campus, first_day, last_day, **filters):
        def rows():
            for number in range(exports.WRITE_BATCH * 3):
                yield (number,)
            raise RuntimeError("the database went away")

        return exports.Export(["n"], rows(), "n.csv", count=lambda: 1)

    monkeypatch.setitem(exports.EXPORTS, "pools", failing)
    (tmp_path / "old.csv").write_text("kept")

    for name in ["new.csv", "old.csv"]:
        with pytest.raises(RuntimeError):
            call_command("export", "pools", "-o", str(tmp_path / name), "--campus=1")

    assert sorted(path.name for path in tmp_path.iterdir()) == ["old.csv"]
    assert (tmp_path / "old.csv").read_text() == "kept"
