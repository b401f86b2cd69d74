# The two commands of the README. Both run the idempotent set-up first
# (tools/setup_env.sh), into the Python that PYTHON names.
PYTHON ?= python
export PYTHON

.PHONY: setup test demo demo-full

setup:
	@bash tools/setup_env.sh

test: setup
	$(PYTHON) -m pytest tests

# The main job: ViDiDi-VICReg against VICReg on the synthetic dynamics videos,
# seeds 0 1 2 (tools/demo.py; results under work_dirs/demo). DEMO_ARGS passes
# options, e.g. make demo DEMO_ARGS="--seeds 0 1 2 3 4".
demo: setup
	$(PYTHON) tools/demo.py $(DEMO_ARGS)

# Tables 3 and 6 in miniature over seeds 0, 1, 2 (results under work_dirs/demo_full).
demo-full: setup
	$(PYTHON) tools/demo.py --full $(DEMO_ARGS)
