"""``python -m claude_3_sonnet.batch INPUT -o OUTPUT ...``: the ``batch`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main(prog=f"{sys.executable} -m claude_3_sonnet.batch"))
