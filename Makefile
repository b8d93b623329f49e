# Build and test toolchain of the edgeops.cloudflare collection.
# Everything runs from this checkout: a Python 3.11 venv in .venv, tool state in .work, and the
# collection reached through the committed link .collections/ansible_collections/edgeops/cloudflare
# -> ../../.. (this tree), which ansible.cfg names; AWX project syncs and plain clones use it too.
# `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# Targets run one at a time, in the order given, even under `make -j` (`make test` itself runs test-matrix beside the
# other steps, and prints the matrix's results last).
.NOTPARALLEL:
MAKEFLAGS += --no-print-directory

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
NAMESPACE := $(shell sed -n 's/^namespace: *//p' $(ROOT)/galaxy.yml)
NAME := $(shell sed -n 's/^name: *//p' $(ROOT)/galaxy.yml)
VERSION := $(shell sed -n 's/^version: *//p' $(ROOT)/galaxy.yml)

PYTHON_VERSION := 3.11
PYTHON ?= python$(PYTHON_VERSION)
VENV := $(ROOT)/.venv
VBIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.edgeops-dev.stamp
REQUIREMENTS := $(ROOT)/requirements.txt $(ROOT)/requirements-dev.txt $(ROOT)/constraints.txt $(ROOT)/tests/unit/requirements.txt

WORK := $(ROOT)/.work
# HOME for every tool, so ~/.ansible, ~/.cache/ansible-lint, ~/antsibull.log and ansible-test's
# virtualenvs stay out of the user's home (and survive between runs until `make clean`).
TOOL_HOME := $(WORK)/home
COLLECTIONS := $(ROOT)/.collections
LINK := $(COLLECTIONS)/ansible_collections/$(NAMESPACE)/$(NAME)
SANITY_ROOT := $(WORK)/sanity
SANITY_TREE := $(SANITY_ROOT)/ansible_collections/$(NAMESPACE)/$(NAME)
UNITS_ROOT := $(WORK)/units
UNITS_TREE := $(UNITS_ROOT)/ansible_collections/$(NAMESPACE)/$(NAME)
# The plugins' unit tests, laid out like plugins/ (ansible-test units runs exactly this directory).
UNIT_TESTS := tests/unit/plugins
DOCS_ROOT := $(WORK)/docs
DOCS_TREE := $(DOCS_ROOT)/ansible_collections/$(NAMESPACE)/$(NAME)
# `make docs`: the HTML site (DOCS_SITE) and its scratch directory (staged copy, Sphinx project, RST).
DOCS_SITE := $(WORK)/docs-site
DOCS_BUILD := $(WORK)/docs-build
DIST := $(WORK)/dist
# Execution environment: execution-environment.yml takes the collection tarball from EE_TARBALL (a
# fixed name, so the definition does not change with the version) and `make ee-context` writes the
# build context to EE_CONTEXT. Paths relative to this checkout, as printed for the image build.
EE_TARBALL := .work/ee/$(NAMESPACE)-$(NAME).tar.gz
EE_CONTEXT := .work/ee/context
EE_TAG ?= $(NAMESPACE)-$(NAME)-ee:$(VERSION)

TOOL_ENV := HOME=$(TOOL_HOME) PATH=$(VBIN):$$PATH
ANSIBLE_ENV := $(TOOL_ENV) ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS)

# Extra arguments: make sanity SANITY_ARGS='--test pep8'; make pytest PYTEST_ARGS='-x -k monitor';
# make units UNITS_ARGS='-v'
SANITY_ARGS ?=
PYTEST_ARGS ?=
UNITS_ARGS ?=
# `make units` fails when the unit tests alone cover less than this share (%) of plugins/module_utils/ lines.
# The goal is 85 once the resource and module unit tests are in; until then it holds what the tests reach.
COVERAGE_MIN ?= 85
# pytest-xdist workers for `make pytest` (0 or 1: no xdist)
PYTEST_WORKERS ?= 2

# `make test-live`: which scenarios (LIVE_TESTS) and extra pytest arguments (LIVE_ARGS), e.g.
# make test-live LIVE_TESTS=tests/integration/test_cf_lb_pool.py LIVE_ARGS=-x
LIVE_TESTS ?= tests/integration
LIVE_ARGS ?=

# `make test-matrix`: ansible-test sanity, units and the integration targets on every supported ansible-core
# line (tests/tools/matrix.py: MATRIX_LINES, MATRIX_STEPS, INTEGRATION_TARGETS, MATRIX_JOBS side by side), e.g.
# make test-matrix MATRIX_LINES=2.16,2.21 MATRIX_STEPS=integration INTEGRATION_TARGETS=cf_lb_pool
MATRIX_LINES ?= 2.16,2.17,2.18,2.19,2.20,2.21
MATRIX_STEPS ?= sanity,units,integration
MATRIX_JOBS ?= 2
INTEGRATION_TARGETS ?=
# `make integration`: the integration targets on one line (default: the development venv's line)
INTEGRATION_LINE ?= 2.19

# `make importer`: galaxy-importer in its own venv (tests/importer-requirements.txt pins it and what it pulls in:
# its own ansible-core and ansible-lint), its config and output under .work/importer.
IMPORTER_PYTHON ?= $(PYTHON)
IMPORTER_DIR := $(WORK)/importer
IMPORTER_VENV := $(IMPORTER_DIR)/venv
IMPORTER_REQUIREMENTS := $(ROOT)/tests/importer-requirements.txt
IMPORTER_STAMP := $(IMPORTER_VENV)/.edgeops-importer.stamp
IMPORTER_CONFIG := $(IMPORTER_DIR)/galaxy-importer.cfg
IMPORTER_LOG := $(IMPORTER_DIR)/importer.log

.PHONY: help venv collection-link lint sanity units coverage docs pytest test test-matrix integration integration-live demo build \
	importer ee-context clean distclean sync-api-spec test-live live-env-check test-live-selfcheck

help:
	@echo "edgeops.cloudflare toolchain (Python $(PYTHON_VERSION), ansible-core from requirements-dev.txt)"
	@echo "  make demo             start the local emulator, run playbooks/tutorial.yml twice, check the 2nd run changes nothing"
	@echo "  make test             venv, then test-matrix in the background while lint, docs, build + galaxy-importer, coverage"
	@echo "                        and pytest run (what CI runs: .ci/run); the matrix's output follows at the end"
	@echo "  make test-matrix      ansible-test sanity + units + integration targets on ansible-core 2.16 ... 2.21, one venv"
	@echo "                        per line under .work/matrix (MATRIX_LINES, MATRIX_STEPS, MATRIX_JOBS, INTEGRATION_TARGETS)"
	@echo "  make integration      the integration targets (tests/integration/targets) on one line against the emulator"
	@echo "                        (INTEGRATION_LINE=$(INTEGRATION_LINE), INTEGRATION_TARGETS=name,name)"
	@echo "  make integration-live the same targets against the real account named by CLOUDFLARE_API_TOKEN,"
	@echo "                        CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_ZONE"
	@echo "  make venv             create .venv and install requirements-dev.txt with constraints.txt"
	@echo "  make collection-link  check (or restore) the committed link .collections/ansible_collections/$(NAMESPACE)/$(NAME) -> this checkout"
	@echo "  make lint             ansible-lint (production, offline), changelog lint, docs lint, EE metadata and AWX credential type checks"
	@echo "  make sanity           ansible-test sanity (Python $(PYTHON_VERSION), no docker) on a copy of the shipped files"
	@echo "  make units            ansible-test units on a copy of the shipped files + $(UNIT_TESTS), then their line coverage"
	@echo "                        of plugins/ (fails under COVERAGE_MIN=$(COVERAGE_MIN) % of plugins/module_utils/)"
	@echo "  make docs             HTML documentation site (antsibull-docs + Sphinx, warnings are errors, offline) into"
	@echo "                        .work/docs-site: every module, the role, the guides in docs/docsite/; checks every page is there"
	@echo "  make pytest           pytest over tests/unit (but tests/unit/plugins), tools/emulator/tests, tests/integration"
	@echo "  make test-live        the module and role scenarios against the live API named by CLOUDFLARE_* (see README)"
	@echo "  make test-live-selfcheck  make test-live against an emulator in its own process; its state must not change"
	@echo "  make build            ansible-galaxy collection build into .work/dist and check what it ships"
	@echo "  make importer         build, then galaxy-importer on the tarball (its own venv under .work/importer, offline,"
	@echo "                        required tags checked, ansible-lint on) and its EDA checks (ruff, pylint over"
	@echo "                        extensions/eda/plugins); fails on any ERROR or WARNING line or EDA finding"
	@echo "  make ee-context       build, then ansible-builder create (offline) into $(EE_CONTEXT); prints the image build command"
	@echo "  make sync-api-spec API_SPEC_SRC=FILE  take a newer OpenAPI subset into tools/emulator/ (maintainers)"
	@echo "  make clean            remove .work and build/test leftovers (keeps .venv and the committed collection link)"
	@echo "  make distclean        clean, and remove .venv too"

venv: $(VENV_STAMP)

# Reuses an existing Python $(PYTHON_VERSION) venv (pip install is idempotent); recreates a missing or
# wrong-version one. The stamp is redone whenever a requirements or constraints file changes.
$(VENV_STAMP): $(REQUIREMENTS)
	@echo "==> venv: $(VENV) (Python $(PYTHON_VERSION)), installing requirements-dev.txt -c constraints.txt"
	@if ! { [ -x $(VBIN)/python ] && $(VBIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(PYTHON_VERSION)".split("."))))'; }; then \
		echo "    creating the venv with $(PYTHON)"; \
		rm -rf $(VENV); \
		$(PYTHON) -m venv $(VENV); \
	fi
	@$(VBIN)/python -m pip install --quiet --disable-pip-version-check -r $(ROOT)/requirements-dev.txt -c $(ROOT)/constraints.txt
	@$(VBIN)/python -m pip check
	@touch $@

collection-link:
	@mkdir -p $(dir $(LINK))
	@if [ -e $(LINK) ] && [ ! -L $(LINK) ]; then \
		echo "collection-link: $(LINK) exists and is not a symlink; remove it" >&2; exit 1; \
	fi
	@ln -sfn ../../.. $(LINK)
	@if [ "$$(cd $(LINK) && pwd -P)" != "$$(cd $(ROOT) && pwd -P)" ]; then \
		echo "collection-link: $(LINK) does not lead back to $(ROOT)" >&2; exit 1; \
	fi
	@echo "==> collection-link: .collections/ansible_collections/$(NAMESPACE)/$(NAME) -> ../../.. (this checkout)"

# The docs lint runs on a copy of the shipped files in a git repository of its own: antsibull-docs copies a
# collection that sits in a git work tree with `git ls-files --others --exclude-standard`, which inside this
# checkout's gitignored .work/ lists nothing, so the plugin docs and the guides' references would go unchecked.
lint: venv collection-link
	@mkdir -p $(TOOL_HOME)
	@echo "==> lint: ansible-lint (production profile, offline; .ansible-lint)"
	@cd $(ROOT) && $(ANSIBLE_ENV) $(VBIN)/ansible-lint
	@echo "==> lint: antsibull-changelog lint (fragments) + lint-changelog-yaml"
	@cd $(ROOT) && $(TOOL_ENV) $(VBIN)/antsibull-changelog lint
	@cd $(ROOT) && $(TOOL_ENV) $(VBIN)/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	@echo "==> lint: antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs (on a copy of the shipped files)"
	@$(VBIN)/python $(ROOT)/tests/tools/stage_collection.py --dest $(DOCS_ROOT)
	@git -C $(DOCS_TREE) -c init.defaultBranch=main init --quiet
	@cd $(ROOT) && $(TOOL_ENV) $(VBIN)/antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs $(DOCS_TREE)
	@echo "==> lint: execution-environment metadata (meta/execution-environment.yml)"
	@$(VBIN)/python $(ROOT)/tests/tools/check_ee.py
	@echo "==> lint: AWX credential type (playbooks/awx/, AWX's rules)"
	@$(VBIN)/python $(ROOT)/tests/tools/check_awx_credential_type.py
	@echo "==> lint: ok"

# ansible-test refuses a symlinked cwd and directory symlinks inside the tree, so sanity runs on a copy
# of exactly the files `ansible-galaxy collection build` ships (tests/tools/stage_collection.py), in
# its own git repository (the copy sits inside this checkout's gitignored .work/, where ansible-test
# would otherwise see no files at all). The pip bootstrap cache stands in for the get-pip download
# that this network cannot reach; everything else comes from PyPI.
sanity: venv
	@mkdir -p $(TOOL_HOME)
	@echo "==> sanity: staging the shipped files into $(SANITY_TREE)"
	@$(VBIN)/python $(ROOT)/tests/tools/stage_collection.py --dest $(SANITY_ROOT)
	@git -C $(SANITY_TREE) -c init.defaultBranch=main init --quiet
	@$(VBIN)/python $(ROOT)/tests/tools/write_get_pip.py --home $(TOOL_HOME)
	@echo "==> sanity: ansible-test sanity --local --python $(PYTHON_VERSION) $(SANITY_ARGS)"
	@cd $(SANITY_TREE) && $(TOOL_ENV) $(VBIN)/ansible-test sanity --local --python $(PYTHON_VERSION) $(SANITY_ARGS)
	@echo "==> sanity: ok"

# The plugins' unit tests under ansible-test, which, as for sanity, runs on a copy in its own git repository:
# the shipped files plus tests/unit/plugins and tests/unit/requirements.txt (the staging refuses test code that
# imports this checkout's tests package: the emulator and the repository tools are not in the copy). --local
# uses this venv, where `make venv` installed tests/unit/requirements.txt. Then the same tests once more under
# pytest-cov in this checkout (.coveragerc): line coverage of plugins/, and the COVERAGE_MIN gate on
# plugins/module_utils/.
units: venv collection-link
	@mkdir -p $(TOOL_HOME) $(WORK)/coverage
	@echo "==> units: staging the shipped files and $(UNIT_TESTS) into $(UNITS_TREE)"
	@$(VBIN)/python $(ROOT)/tests/tools/stage_collection.py --dest $(UNITS_ROOT) --also $(UNIT_TESTS) --also tests/unit/requirements.txt
	@git -C $(UNITS_TREE) -c init.defaultBranch=main init --quiet
	@$(VBIN)/python $(ROOT)/tests/tools/write_get_pip.py --home $(TOOL_HOME)
	@echo "==> units: $(strip ansible-test units --local --python $(PYTHON_VERSION) $(UNITS_ARGS) $(UNIT_TESTS)/)"
	@cd $(UNITS_TREE) && $(TOOL_ENV) $(VBIN)/ansible-test units --local --python $(PYTHON_VERSION) $(UNITS_ARGS) $(UNIT_TESTS)/
	@$(MAKE) coverage
	@echo "==> units: ok"

# The documentation site, built offline from a copy of the shipped files: antsibull-docs sphinx-init and
# collection (every module and plugin found, the roles' argument specs, the guides in docs/docsite/), then
# sphinx-build -W into DOCS_SITE, then tests/tools/check_docs_site.py (a page for every module file, role
# and guide). See tests/tools/build_docs.py.
docs: venv
	@mkdir -p $(TOOL_HOME)
	@echo "==> docs: HTML site into $(DOCS_SITE) (tests/tools/build_docs.py)"
	@$(VBIN)/python $(ROOT)/tests/tools/build_docs.py --work $(DOCS_BUILD) --dest $(DOCS_SITE) --home $(TOOL_HOME)

# pytest over the unit, emulator and integration suites (tests/tools/run_pytest.sh); its last line is pytest's summary.
pytest: venv collection-link
	@echo "==> pytest"
	@PYTEST_WORKERS=$(PYTEST_WORKERS) EDGEOPS_TOOL_HOME=$(TOOL_HOME) $(ROOT)/tests/tools/run_pytest.sh $(PYTEST_ARGS)

# `make test` (what CI runs), after the venv: test-matrix, most of the run's time, starts first and runs in the background
# while lint, docs, build, importer, coverage and pytest run one after the other; its output (TEST_MATRIX_LOG) is
# printed last. When one of those steps fails, the matrix starts nothing new (TEST_MATRIX_STOP). See
# tests/tools/make_test.sh.
TEST_MATRIX_LOG := $(WORK)/test-matrix.log
TEST_MATRIX_STOP := $(WORK)/test-matrix.stop
MATRIX_COMMAND = $(VBIN)/python $(ROOT)/tests/tools/matrix.py --lines $(MATRIX_LINES) --steps $(MATRIX_STEPS) \
	--jobs $(MATRIX_JOBS) --targets "$(INTEGRATION_TARGETS)"

test: venv collection-link
	@mkdir -p $(TOOL_HOME)
	@$(ROOT)/tests/tools/make_test.sh $(TEST_MATRIX_LOG) $(TEST_MATRIX_STOP) "lint docs build importer coverage pytest" \
		$(MATRIX_COMMAND)

# Every supported ansible-core line side by side: its own venv, ansible-test sanity, units and integration
# targets (tests/tools/matrix.py prints one result line per line, and fails when any line failed).
test-matrix: venv collection-link
	@mkdir -p $(TOOL_HOME)
	@echo "==> test-matrix: ansible-core lines $(MATRIX_LINES): $(MATRIX_STEPS)"
	@$(MATRIX_COMMAND)

integration: venv collection-link
	@$(VBIN)/python $(ROOT)/tests/tools/matrix.py --lines $(INTEGRATION_LINE) --steps integration --jobs 1 \
		--targets "$(INTEGRATION_TARGETS)"

# The same integration targets against a real account: CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID and
# CLOUDFLARE_ZONE (see tests/integration/targets/setup_emulator/README.md); names carry a per-run prefix.
integration-live: venv collection-link
	@$(VBIN)/python $(ROOT)/tests/tools/matrix.py --live --lines $(INTEGRATION_LINE) --steps integration --jobs 1 \
		--targets "$(INTEGRATION_TARGETS)"

# The unit tests' line coverage of plugins/ (pytest-cov, .coveragerc) and the COVERAGE_MIN gate on
# plugins/module_utils/; ansible-test units itself runs on every line in test-matrix.
coverage: venv collection-link
	@mkdir -p $(TOOL_HOME) $(WORK)/coverage
	@echo "==> coverage: line coverage of plugins/ by $(UNIT_TESTS) (pytest-cov, .coveragerc)"
	@rm -f $(WORK)/coverage/units.coverage
	@cd $(ROOT) && $(TOOL_ENV) $(VBIN)/python -m pytest -q -p no:xdist $(UNIT_TESTS) --cov --cov-report=term-missing
	@cd $(ROOT) && total=$$($(VBIN)/coverage report --include='plugins/module_utils/*' --format=total) || { \
			echo "coverage: FAILED: no coverage data for plugins/module_utils/ (are its files counted under another path?)" >&2; exit 1; }; \
		echo "==> coverage: plugins/module_utils/ line coverage by the unit tests: $$total % (COVERAGE_MIN=$(COVERAGE_MIN) %)"; \
		if ! $(VBIN)/python -c 'import sys; sys.exit(float(sys.argv[1]) < float(sys.argv[2]))' "$$total" "$(COVERAGE_MIN)"; then \
			echo "coverage: FAILED: plugins/module_utils/ line coverage $$total % is below COVERAGE_MIN=$(COVERAGE_MIN) %" >&2; exit 1; \
		fi

# Live mode (README, "Testing against a real Cloudflare account"): the integration scenarios against the
# API named by CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY), CLOUDFLARE_ACCOUNT_ID,
# CLOUDFLARE_ZONE and optionally CLOUDFLARE_BASE_URL. The variables are checked first, before the venv
# and before any request; one pytest process, no xdist, to stay well inside the API's rate limit.
live-env-check:
	@$(PYTHON) $(ROOT)/tests/integration/live_env.py

test-live: live-env-check venv collection-link
	@mkdir -p $(TOOL_HOME)
	@echo "==> test-live: pytest --live -p no:xdist -rs $(LIVE_TESTS) $(LIVE_ARGS)"
	@cd $(ROOT) && $(ANSIBLE_ENV) $(VBIN)/python -m pytest --live -p no:xdist -rs $(LIVE_TESTS) $(LIVE_ARGS)

# Maintainers: `make test-live` against the emulator started as a separate process (a stand-in account with
# its own credentials, zone and objects the run must not touch); its state afterwards must equal the state
# before. Also shows the refusal when CLOUDFLARE_ZONE is missing. Not part of `make test` (it takes minutes).
test-live-selfcheck: venv collection-link
	@$(VBIN)/python $(ROOT)/tests/tools/live_selfcheck.py

demo: venv collection-link
	@$(ROOT)/tests/tools/demo.sh

build: venv
	@mkdir -p $(DIST) $(TOOL_HOME)
	@rm -f $(DIST)/$(NAMESPACE)-$(NAME)-*.tar.gz
	@echo "==> build: ansible-galaxy collection build -> $(DIST)"
	@cd $(ROOT) && $(TOOL_ENV) $(VBIN)/ansible-galaxy collection build --force --output-path $(DIST) .
	@$(VBIN)/python $(ROOT)/tests/tools/check_build.py $(DIST)/$(NAMESPACE)-$(NAME)-*.tar.gz

# galaxy-importer on the tarball `make build` writes, as Galaxy and Automation Hub would run it, with the
# certification settings: the required-tags check on (galaxy.yml must carry one of the tags Automation Hub
# sorts by), ansible-lint on (production profile, --offline: no schema refresh, no version check, no galaxy
# install), no ansible-test (it needs podman or docker). It runs in $(IMPORTER_DIR) (it writes
# importer_result.json into its working directory) with its own HOME, and fails when its output has any
# ERROR or WARNING line, which it prints. Then the EDA checks its ansible-test container would run (ruff and
# pylint over extensions/eda/plugins, its own tox.ini's commands) with tests/tools/eda_lint.py, failing on any
# finding. Needs no network once the venv exists.
importer: build $(IMPORTER_STAMP)
	@mkdir -p $(IMPORTER_DIR)/home
	@tarballs=( $(DIST)/$(NAMESPACE)-$(NAME)-*.tar.gz ); \
	if [ "$${#tarballs[@]}" -ne 1 ] || [ ! -f "$${tarballs[0]}" ]; then \
		echo "importer: expected one tarball in $(DIST) (make build)" >&2; exit 1; \
	fi
	@printf '%s\n' \
		'# Written by `make importer` (Makefile); galaxy-importer reads it through GALAXY_IMPORTER_CONFIG.' \
		'[galaxy-importer]' \
		'check_required_tags = True' \
		'check_changelog = True' \
		'run_ansible_doc = True' \
		'run_ansible_lint = True' \
		'offline_ansible_lint = True' \
		'run_ansible_test = False' \
		'ansible_test_local_image = False' \
		'local_image_docker = False' \
		'run_flake8 = False' \
		'log_level_main = INFO' \
		'ansible_local_tmp = $(IMPORTER_DIR)/home/.ansible/tmp' \
		> $(IMPORTER_CONFIG)
	@tarball=$$(echo $(DIST)/$(NAMESPACE)-$(NAME)-*.tar.gz); \
	echo "==> importer: galaxy-importer $$($(IMPORTER_VENV)/bin/python -c 'import importlib.metadata as m; print(m.version("galaxy-importer"))') on $${tarball#$(ROOT)/} (config $(patsubst $(ROOT)/%,%,$(IMPORTER_CONFIG)))"; \
	start=$$(date +%s); status=0; \
	( cd $(IMPORTER_DIR) && env -u ANSIBLE_CONFIG -u ANSIBLE_COLLECTIONS_PATH -u ANSIBLE_COLLECTIONS_PATHS \
		HOME=$(IMPORTER_DIR)/home PATH=$(IMPORTER_VENV)/bin:$$PATH GALAXY_IMPORTER_CONFIG=$(IMPORTER_CONFIG) \
		ANSIBLE_LINT_SKIP_SCHEMA_UPDATE=1 \
		$(IMPORTER_VENV)/bin/python -m galaxy_importer.main "$$tarball" ) > $(IMPORTER_LOG) 2>&1 || status=$$?; \
	seconds=$$(( $$(date +%s) - start )); \
	errors=$$(grep -cE '^(ERROR|CRITICAL)' $(IMPORTER_LOG) || true); \
	warnings=$$(grep -cE '^WARNING' $(IMPORTER_LOG) || true); \
	grep -vE '^Loading ' $(IMPORTER_LOG) | sed 's/^/    /'; \
	if [ "$$status" -ne 0 ] || [ "$$errors" -ne 0 ] || [ "$$warnings" -ne 0 ] \
			|| ! grep -q '^Importer processing completed successfully' $(IMPORTER_LOG); then \
		echo "importer: FAILED: exit status $$status, $$errors error(s), $$warnings warning(s) in $${seconds} s (full log: $(patsubst $(ROOT)/%,%,$(IMPORTER_LOG)))" >&2; \
		grep -E '^(ERROR|CRITICAL|WARNING)' $(IMPORTER_LOG) | sed 's/^/  /' >&2 || true; \
		exit 1; \
	fi; \
	echo "==> importer: ok: 0 errors, 0 warnings in $${seconds} s (log: $(patsubst $(ROOT)/%,%,$(IMPORTER_LOG)))"
	@echo "==> importer: the Event-Driven Ansible checks of galaxy-importer's container (ruff, pylint) on extensions/eda/plugins"
	@$(IMPORTER_VENV)/bin/python $(ROOT)/tests/tools/eda_lint.py --tarball $$(echo $(DIST)/$(NAMESPACE)-$(NAME)-*.tar.gz) \
		--work $(IMPORTER_DIR)/eda

# galaxy-importer's venv: reused while tests/importer-requirements.txt is unchanged (the stamp), recreated when
# missing or on another Python, reinstalled when that file changes.
$(IMPORTER_STAMP): $(IMPORTER_REQUIREMENTS)
	@echo "==> importer: venv $(patsubst $(ROOT)/%,%,$(IMPORTER_VENV)) ($(IMPORTER_PYTHON)), installing tests/importer-requirements.txt"
	@want=$$($(IMPORTER_PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	if ! { [ -x $(IMPORTER_VENV)/bin/python ] && [ "$$($(IMPORTER_VENV)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" = "$$want" ]; }; then \
		rm -rf $(IMPORTER_VENV); \
		$(IMPORTER_PYTHON) -m venv $(IMPORTER_VENV); \
	fi
	@$(IMPORTER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(IMPORTER_REQUIREMENTS)
	@$(IMPORTER_VENV)/bin/python -m pip check
	@touch $@

# The execution environment's build context, made offline from this checkout: the collection tarball
# (`make build`) under the fixed name execution-environment.yml expects, then `ansible-builder create`.
# Building the image needs podman or docker and the network (base image, pip, dnf): the command is printed.
ee-context: build
	@mkdir -p $(ROOT)/.work/ee
	@cp $(DIST)/$(NAMESPACE)-$(NAME)-$(VERSION).tar.gz $(ROOT)/$(EE_TARBALL)
	@rm -rf $(ROOT)/$(EE_CONTEXT)
	@echo "==> ee-context: ansible-builder create -f execution-environment.yml -c $(EE_CONTEXT) (offline)"
	@cd $(ROOT) && $(TOOL_ENV) $(VBIN)/ansible-builder create --file execution-environment.yml --context $(EE_CONTEXT) --output-filename Containerfile
	@if [ ! -f $(ROOT)/$(EE_CONTEXT)/_build/collections/$(notdir $(EE_TARBALL)) ]; then \
		echo "ee-context: $(EE_CONTEXT)/_build/collections/$(notdir $(EE_TARBALL)) is missing; does execution-environment.yml still take $(EE_TARBALL)?" >&2; exit 1; \
	fi
	@echo "==> ee-context: ok. Build the image from this directory ($(ROOT)) with"
	@echo "    podman build -f $(EE_CONTEXT)/Containerfile -t $(EE_TAG) $(EE_CONTEXT)"
	@echo "  or"
	@echo "    docker build -f $(EE_CONTEXT)/Containerfile -t $(EE_TAG) $(EE_CONTEXT)"

# Maintainers: refresh the project's copy of the OpenAPI subset (see tools/emulator/README.md).
sync-api-spec: venv
	@if [ -z "$(API_SPEC_SRC)" ]; then echo "sync-api-spec: set API_SPEC_SRC=/path/to/openapi-subset.json" >&2; exit 2; fi
	@$(VBIN)/python $(ROOT)/tests/tools/sync_api_spec.py "$(API_SPEC_SRC)"

clean:
	rm -rf $(WORK) $(ROOT)/.ansible $(ROOT)/.pytest_cache $(ROOT)/tests/output
	rm -f $(ROOT)/$(NAMESPACE)-$(NAME)-*.tar.gz
	find $(ROOT) -path $(VENV) -prune -o -path $(ROOT)/.git -prune -o -name __pycache__ -type d -print0 | xargs -0r rm -rf

distclean: clean
	rm -rf $(VENV)
