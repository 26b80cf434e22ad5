"""The benchmark report: docs/benchmarks.md with the machine and the date, and targets to check against."""

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    memory = f"{memory_kb / 1024 / 1024:.0f} GiB memory"
    return f"{os.cpu_count()} cores ({cpu}), {memory}, Python {platform.python_version()}"


def write_report(sections):
    """Write the sections run; those of benchmarks not run this time (`python -m bench forecast`) stay as they were."""
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    blocks = _earlier_blocks({name for name, _, _ in sections})
    for name, title, rows in sections:
        lines = [f"## {title}", "", f"`bench/{name}.py` (measured {when})", "", "| what | value | target | met |",
                 "|---|---|---|---|"]
        for what, value, unit, target in rows:
            met = "" if target is None else ("yes" if target(value) else "**no**")
            shown = value if isinstance(value, str) else f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
            lines.append(f"| {what} | {shown} {unit} | {getattr(target, 'text', '')} | {met} |")
        blocks[name] = "\n".join(lines) + "\n"
    text = "\n".join(["# Benchmarks", "", f"Written by `make bench` on {when}.", f"Machine: {machine()}.", "",
                      *(blocks[name] for name in sorted(blocks))])
    OUTPUT.write_text(text)
    print(text)


def _earlier_blocks(names_run):
    """{bench name: its section} of the report as it stands, but for the benchmarks run now."""
    if not OUTPUT.exists():
        return {}
    blocks = {}
    for block in OUTPUT.read_text().split("\n## ")[1:]:
        found = re.search(r"`bench/(\w+)\.py`", block)
        if found and found.group(1) not in names_run:
            blocks[found.group(1)] = "## " + block.rstrip("\n") + "\n"
    return blocks


def target(text, test):
    """A target, shown as text in the report and checked against the measured value."""
    test.text = text
    return test


