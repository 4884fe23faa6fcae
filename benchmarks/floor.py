"""What the start-up floor's ORM part costs, model by model, against plain declarative models.

    python benchmarks/floor.py            # 7 fresh processes of each kind, in turn
    python benchmarks/floor.py --runs 3

Each run is a fresh process (bytecode written first) that times, after `import sqlalchemy.orm`:
- `app`: importing this app's models (each class's declarative mapping timed on its own) and
  configuring the mappers (each mapper's properties timed on their own);
- `plain`: the same tables declared as plain declarative models, made from the app's own
  metadata (the same columns, keys and foreign keys; no relationships, versions or enums as
  types), then configured.
- `app` again with Python's garbage collector off (`gc.disable()` first).
It prints the medians: the steps side by side, then the models that cost most.
"""

from __future__ import annotations

import argparse
import compileall
import json
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

PROBE_APP = """
import gc, json, sys, time
if sys.argv[1:] == ["no-gc"]:
    gc.disable()
start = time.perf_counter()
import sqlalchemy.orm
from sqlalchemy.orm import DeclarativeBase, Mapper
imported = time.perf_counter()
declared, configured = {}, {}
base_init = DeclarativeBase.__dict__["__init_subclass__"].__func__
def timed_init(cls, **kw):
    t = time.perf_counter()
    base_init(cls, **kw)
    declared[cls.__name__] = time.perf_counter() - t
DeclarativeBase.__init_subclass__ = classmethod(timed_init)
post = Mapper._post_configure_properties
def timed_post(self):
    t = time.perf_counter()
    post(self)
    configured[self.class_.__name__] = time.perf_counter() - t
Mapper._post_configure_properties = timed_post
t = time.perf_counter()
import ccsc_gov.core.store.models
declare = time.perf_counter() - t
t = time.perf_counter()
sqlalchemy.orm.configure_mappers()
configure = time.perf_counter() - t
print(json.dumps({"import": imported - start, "declare": declare, "configure": configure,
                  "declared": declared, "configured": configured}))
"""

PROBE_PLAIN = """
import json, sys, time
start = time.perf_counter()
import sqlalchemy.orm
imported = time.perf_counter()
sys.path.insert(0, {folder!r})
t = time.perf_counter()
import plain_models
declare = time.perf_counter() - t
t = time.perf_counter()
sqlalchemy.orm.configure_mappers()
configure = time.perf_counter() - t
print(json.dumps({{"import": imported - start, "declare": declare, "configure": configure}}))
"""


def plain_models_source() -> str:
    """The app's tables as plain declarative classes, one per table, from its metadata."""
    from ccsc_gov.core.store.schema import full_metadata

    lines = [
        "from sqlalchemy import *",
        "from sqlalchemy.orm import DeclarativeBase, mapped_column",
        "class Base(DeclarativeBase):",
        "    pass",
    ]
    for table in full_metadata().sorted_tables:
        lines.append(f"class T_{table.name}(Base):")
        lines.append(f"    __tablename__ = {table.name!r}")
        for column in table.columns:
            kind = type(column.type).__name__
            kind = "String" if kind == "Enum" else kind
            args = [kind]
            args += [f"ForeignKey({fk.target_fullname!r})" for fk in column.foreign_keys]
            extra = ", primary_key=True" if column.primary_key else ""
            lines.append(f"    {column.name} = mapped_column({', '.join(args)}{extra})")
    return "\n".join(lines) + "\n"


def once(code: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    ).stdout
    return dict(json.loads(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    import ccsc_gov

    compileall.compile_dir(Path(ccsc_gov.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="ccsc-floor-") as folder:
        (Path(folder) / "plain_models.py").write_text(plain_models_source(), encoding="utf-8")
        compileall.compile_dir(folder, quiet=1)
        apps, no_gc, plains = [], [], []
        for _ in range(args.runs):  # in turn, so all see the machine as it is
            apps.append(once(PROBE_APP))
            no_gc.append(once(PROBE_APP, "no-gc"))
            plains.append(once(PROBE_PLAIN.format(folder=folder)))

    def median(runs: list[dict[str, object]], key: str) -> float:
        return statistics.median(float(run[key]) for run in runs)  # type: ignore[arg-type]

    print(
        "| step | this app's models | plain declarative, same tables | ratio | "
        "this app's, garbage collector off |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for step in ("import", "declare", "configure"):
        ours, plain, off = median(apps, step), median(plains, step), median(no_gc, step)
        print(
            f"| {step} | {ours * 1000:.1f} ms | {plain * 1000:.1f} ms | {ours / plain:.2f}× | "
            f"{off * 1000:.1f} ms |"
        )
    per_model: dict[str, list[float]] = defaultdict(list)
    for run in apps:
        for part in ("declared", "configured"):
            for name, seconds in run[part].items():  # type: ignore[attr-defined]
                per_model[f"{name} ({part})"].append(seconds)
    costs = sorted(((statistics.median(v), k) for k, v in per_model.items()), reverse=True)
    print("\n| model (step), this app's | median |")
    print("| --- | ---: |")
    for seconds, name in costs[:12]:
        print(f"| {name} | {seconds * 1000:.2f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
