#!/bin/sh
# Stop early, in plain words, when the interpreter is too old for Shelter Desktop.
PYTHON="${1:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "Shelter Desktop needs Python 3.11 or newer; '$PYTHON' was not found." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install python3 python3-venv) or run: make PYTHON=/path/to/python3.11" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "Shelter Desktop needs Python 3.11 or newer; '$PYTHON' is $("$PYTHON" -c 'import platform; print(platform.python_version())')." >&2
    echo "Run: make PYTHON=/path/to/python3.11 (or newer)" >&2
    exit 1
fi
