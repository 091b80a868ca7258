"""Regenerate tests/fixtures/golden/ from tests/fixtures/site/ after an intended change.

    .venv/bin/python tests/regen_golden.py

Review the diff (git diff tests/fixtures/golden) before committing it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE / "fixtures" / "site"
GOLDEN = HERE / "fixtures" / "golden"
EPOCH = "1767225600"  # 2026-01-01, the build time the golden output was made with


def build_fixture(output: Path) -> int:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    from newsgen.pipeline import build

    result = build(SITE, output=output, cache=False)
    return result.pages


def main() -> int:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    pages = build_fixture(GOLDEN)
    (GOLDEN / ".newsgen-output").unlink()
    print(f"wrote {pages} pages to {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
