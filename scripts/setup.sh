#!/usr/bin/env bash
# Prépare une machine Debian neuve avec Python 3.11 : environnement virtuel .venv et
# dépendances du projet. Idempotent : relancer ne réinstalle que ce qui manque.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[web,dev]"
