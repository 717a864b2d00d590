#!/bin/bash
# The Python steps of hub/Dockerfile, run by the Python environment they install into (the image's
# /opt/book; tests/test_hub.py runs the same two steps in a fresh virtual environment):
#
#   bash hub/install.sh dependencies <checkout>   requirements.txt (the book's exact pins) and
#                                                 hub/requirements.txt (what a hub adds: its single-user
#                                                 server and nbgitpuller, exact pins too)
#   bash hub/install.sh book <checkout>           the book's package WITH its data, not editable (the
#                                                 learners' clone of the book arrives later, at their first
#                                                 click), and Jupyter's settings for every user
set -euo pipefail
step=${1:?"usage: hub/install.sh dependencies|book <checkout>"}
checkout=${2:-.}

case "$step" in
  dependencies)
    python -m pip install --no-cache-dir -r "$checkout/requirements.txt" -r "$checkout/hub/requirements.txt"
    ;;
  book)
    python -m pip install --no-cache-dir --no-deps "$checkout"
    # The settings go into the environment's own etc/jupyter, read for every user: a hub mounts each
    # learner's home folder over the image's, hiding whatever the build wrote there.
    JUPYTER_CONFIG_DIR="$(python -c 'import sys; print(sys.prefix)')/etc/jupyter"
    export JUPYTER_CONFIG_DIR
    # Open the chapters (MyST Markdown notebooks) as notebooks, through jupytext, as postBuild does on Binder.
    jupytext-config set-default-viewer markdown myst
    python -m mlops_book.lab_contents
    ;;
  *)
    echo "hub/install.sh: unknown step '$step' (dependencies or book)" >&2
    exit 2
    ;;
esac
