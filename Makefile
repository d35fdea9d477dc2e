# The two commands of the README: `make test` and `make demo`.
.PHONY: test test-static test-odoo demo demo-reset lint

test:
	@bash tools/run_tests.sh

test-static:
	@LAB_TIERS=static bash tools/run_tests.sh

test-odoo:
	@LAB_TIERS=odoo bash tools/run_tests.sh

demo:
	@bash tools/demo.sh

demo-reset:
	@bash tools/demo.sh --reset

lint:
	python3 -m ruff check . && python3 -m ruff format --check .
