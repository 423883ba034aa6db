# The two commands a newcomer needs are `make demo` and `make test`; see README.md.
.PHONY: setup demo demo-setup test lint bench screenshots clean

setup:          ## virtualenv, Odoo's and our dependencies, Odoo config
	@tools/bootstrap.sh

demo:           ## demo database with the three addons, then serve it on :8069
	@tools/demo.sh

demo-setup:     ## the same, stopping after setup (for scripts and CI)
	@tools/demo.sh --no-serve

test:           ## every addon's tests and the top-level tests, throwaway database
	@tools/test.sh $(ARGS)

lint:           ## ruff, pylint-odoo's mandatory checks, XML well-formedness
	@tools/lint.sh

bench:          ## the benchmark suite (tests/benchmarks), report in docs/benchmarks.md
	@tools/bench.sh $(ARGS)

screenshots:    ## the main screens in English and Chinese, into docs/screenshots/
	@tools/screenshots.sh

clean:          ## drop the demo database and the virtualenv
	@tools/clean.sh
