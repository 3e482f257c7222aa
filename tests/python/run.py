#!/usr/bin/env python3
"""End-to-end suite: Prisma Client Python 0.15.0 from PyPI, generated and served by Refract alone.

For each provider (SQLite always; PostgreSQL when TEST_POSTGRES_URL is set) and each client interface
(asyncio, sync), this script pushes a schema with `refract db push`, which also runs the client's generator,
then runs the pytest files against the generated client. Everything happens in a fresh virtualenv with a
PATH that has no `node` on it, so a pass proves the stack needs neither Node nor Prisma's engines.

Usage: run.py [--bin-dir DIR] [--venv DIR]
  --bin-dir  where `refract` and `refract-query-engine` are (default: target/debug of this checkout)
  --venv     reuse this virtualenv instead of creating a fresh one (for local iteration)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
INTERFACES = ("asyncio", "sync")
# The sanitised PATH offers every program of the system directories except these.
NODE = {"node", "nodejs", "npm", "npx", "corepack", "yarn", "pnpm"}
SYSTEM_DIRS = ("/usr/local/bin", "/usr/bin", "/bin")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir", type=Path, default=REPO / "target" / "debug")
    parser.add_argument("--venv", type=Path)
    args = parser.parse_args()

    refract = (args.bin_dir / "refract").resolve()
    engine = (args.bin_dir / "refract-query-engine").resolve()
    for binary in (refract, engine):
        if not binary.is_file():
            print(f"missing {binary}: build with `cargo build -p refract-cli --bins`", file=sys.stderr)
            return 2

    scratch = Path(tempfile.mkdtemp(prefix="refract-py-"))
    venv = args.venv or scratch / "venv"
    if not (venv / "bin" / "python").exists():
        print(f"+ creating a fresh virtualenv in {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "-r", str(HERE / "requirements.txt")],
            check=True,
        )

    path = no_node_path(venv, scratch / "tools")
    assert shutil.which("node", path=path) is None, f"node is reachable on {path}"
    print(f"+ PATH without node: {path}", flush=True)

    providers = [("sqlite", None)]
    pg = os.environ.get("TEST_POSTGRES_URL")
    if pg:
        providers.append(("postgresql", pg))
    else:
        print("notice: TEST_POSTGRES_URL is unset; the PostgreSQL runs are skipped", flush=True)

    failures = []
    for provider, server_url in providers:
        for interface in INTERFACES:
            label = f"{provider}/{interface}"
            for kind in ("seed", "suite"):
                work = scratch / f"{provider}-{interface}-{kind}"
                work.mkdir()
                url = database_url(provider, server_url, f"refract_py_{kind}_{interface}")
                schema = render_schema(kind, provider, interface, url)
                (work / "schema.prisma").write_text(schema)
                env = {
                    "PATH": path,
                    "HOME": os.environ.get("HOME", str(scratch)),
                    "DATABASE_URL": url,
                    "REFRACT_PY_PROVIDER": provider,
                    "REFRACT_PY_INTERFACE": interface,
                }
                push = subprocess.run(
                    [str(refract), "db", "push", "--force-reset", "--accept-data-loss",
                     "--schema", "schema.prisma"],
                    cwd=work, env=env, capture_output=True, text=True,
                )
                if push.returncode != 0:
                    print(push.stdout + push.stderr)
                    failures.append(f"{label} {kind}: db push failed")
                    continue
                generated = [l for l in push.stdout.splitlines() if l.startswith("✔ Generated")]
                print(f"+ {label} {kind}: {' '.join(generated)}", flush=True)
                files = test_files(kind, interface)
                result = subprocess.run(
                    [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                     "--rootdir", str(HERE), *map(str, files)],
                    cwd=work, env=env, capture_output=True, text=True,
                )
                summary = result.stdout.strip().splitlines()[-1:] or ["(no output)"]
                print(f"  {label} {kind}: {summary[0]}", flush=True)
                if result.returncode != 0:
                    print(result.stdout[-20000:] + result.stderr[-5000:])
                    failures.append(f"{label} {kind}")
    shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        print("FAILED: " + ", ".join(failures))
        return 1
    print("python end-to-end: all runs passed")
    return 0


def no_node_path(venv: Path, tools: Path) -> str:
    """The virtualenv, then a folder that links every system program but Node's."""
    tools.mkdir(parents=True, exist_ok=True)
    for directory in SYSTEM_DIRS:
        if not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            target = os.path.join(directory, name)
            if name in NODE or (tools / name).exists() or not os.access(target, os.X_OK):
                continue
            (tools / name).symlink_to(target)
    return os.pathsep.join([str(venv / "bin"), str(tools)])


def database_url(provider: str, server_url: str | None, schema: str) -> str:
    if provider == "sqlite":
        return "file:./test.db"
    assert server_url is not None
    separator = "&" if "?" in server_url else "?"
    return f"{server_url}{separator}schema={schema}"


def render_schema(kind: str, provider: str, interface: str, url: str) -> str:
    text = (HERE / "schemas" / f"{kind}.prisma").read_text()
    text = re.sub(r'provider = "sqlite"', f'provider = "{provider}"', text, count=1)
    if kind == "seed":
        # The seed document's schema, verbatim, but for the database and the interface under test.
        text = text.replace('"file:database.db"', 'env("DATABASE_URL")')
        if interface == "sync":
            text = text.replace('  recursive_type_depth = 5\n',
                                '  recursive_type_depth = 5\n  interface            = "sync"\n')
    else:
        text = text.replace('interface                   = "asyncio"',
                            f'interface                   = "{interface}"')
        if provider != "postgresql":
            text = re.sub(r"// begin postgresql-only\n.*?// end postgresql-only\n", "", text, flags=re.S)
            text = "\n".join(l for l in text.splitlines() if not l.endswith("// postgresql-only")) + "\n"
    return text


def test_files(kind: str, interface: str) -> list[Path]:
    if kind == "seed":
        return [HERE / "suite" / f"test_seed_{interface}.py"]
    return sorted(p for p in (HERE / "suite").glob("test_*.py") if not p.name.startswith("test_seed_"))


if __name__ == "__main__":
    sys.exit(main())
