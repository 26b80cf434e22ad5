import re

from tests.conftest import ROOT


def settings_read_from_the_environment():
    return set(re.findall(r'env_[a-z_]*\("([A-Z_]+)"', (ROOT / "occupancy" / "settings.py").read_text()))


def test_every_setting_is_in_the_readme_table_and_in_env_example():
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    names = settings_read_from_the_environment()

    assert len(names) > 20
    assert sorted(name for name in names if f"| `{name}` |" not in readme) == []
    assert sorted(name for name in names if f"{name}=" not in example) == []
