#!/usr/bin/env bash
# Commande principale : installe rewriter puis vérifie les lettres d'exemple de samples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
set +e
.venv/bin/rewriter check samples/ "$@"
code=$?
echo "(code de sortie : $code — 0 rien de bloquant, 1 remarques bloquantes, 2 erreur d'usage, 3 fichier illisible)"
exit 0
