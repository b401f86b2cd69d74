# The two commands of the README. Both run the idempotent set-up first
# (tools/setup_env.sh), into the Python that PYTHON names.
PYTHON ?= python
export PYTHON

.PHONY: setup test demo

setup:
	@bash tools/setup_env.sh

test: setup
	$(PYTHON) -m pytest tests

# The main job: ViDiDi-VICReg against VICReg on the synthetic dynamics videos
# (tools/demo.py; results under work_dirs/demo). DEMO_ARGS passes options,
# e.g. make demo DEMO_ARGS="--seeds 0 1 2".
demo: setup
	$(PYTHON) tools/demo.py $(DEMO_ARGS)
