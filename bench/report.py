"""The benchmark report: docs/benchmarks.md with the machine and the date, and targets to check against."""

import os
import platform
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
    lines = ["# Benchmarks", "", f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
             f"Machine: {machine()}.", ""]
    for name, title, rows in sections:
        lines += [f"## {title}", "", f"`bench/{name}.py`", "", "| what | value | target | met |", "|---|---|---|---|"]
        for what, value, unit, target in rows:
            met = "" if target is None else ("yes" if target(value) else "**no**")
            shown = value if isinstance(value, str) else f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
            lines.append(f"| {what} | {shown} {unit} | {getattr(target, 'text', '')} | {met} |")
        lines.append("")
    OUTPUT.write_text("\n".join(lines))
    print("\n".join(lines))


def target(text, test):
    """A target, shown as text in the report and checked against the measured value."""
    test.text = text
    return test


