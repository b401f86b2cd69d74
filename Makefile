# The two commands of the README. Both run the idempotent set-up first
# (tools/setup_env.sh), into the Python that PYTHON names.
PYTHON ?= python
export PYTHON

.PHONY: setup test demo

setup:
	@bash tools/setup_env.sh

test: setup
	$(PYTHON) -m pytest tests

demo: setup
	@echo "make demo: the main job (ViDiDi vs. its baseline on the synthetic dataset) is not built yet; see README.md, 'Status'." >&2
	@exit 2
