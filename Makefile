# The two commands a newcomer needs are `make demo` and `make test`; see README.md.
.PHONY: help setup demo demo-setup test lint compat lifecycle wheels bench load screenshots clean
.DEFAULT_GOAL := help

help:           ## these targets, one line each
	@grep -E '^[a-z-]+: *##' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+): *## */  make \1\t/' | expand -t 22

setup:          ## virtualenv, Odoo's and our dependencies, Odoo config
	@tools/bootstrap.sh

demo:           ## demo database with the addons and a Chinese company, served on :8069
	@tools/demo.sh

demo-setup:     ## the same, stopping after setup (for scripts and CI)
	@tools/demo.sh --no-serve

test:           ## every addon's tests and the top-level tests, throwaway database
	@tools/test.sh $(ARGS)

lint:           ## ruff, pylint-odoo, OCA's module and catalogue checks, Prettier on XML
	@tools/lint.sh

compat:         ## Odoo's own tests of crm, sale, loyalty, event, stock with our addons installed
	@tools/compat.sh $(ARGS)

lifecycle:      ## install, a year of use, upgrade, uninstall, reinstall: each with a clean log
	@tools/lifecycle.sh

wheels:         ## the addons' wheels (whool), installed by an Odoo that has no copy of this repo
	@tools/wheels.sh

bench:          ## the benchmark suite (tests/benchmarks), report in docs/benchmarks.md
	@tools/bench.sh $(ARGS)

load:           ## 20 users for 5 minutes on a prefork odoo-bin, with faults; report in docs/load.md
	@tools/load/run.sh

screenshots:    ## the main screens in English and Chinese, into each addon's static/description/
	@tools/screenshots.sh

clean:          ## drop the demo database and the virtualenv
	@tools/clean.sh
