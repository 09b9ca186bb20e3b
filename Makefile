# 枫桥助手: install, train, run, test and evaluate. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.10
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)

export GATEWAY_HOST ?= 0.0.0.0
export GATEWAY_PORT ?= 8000
export RASA_HOST ?= 127.0.0.1
export RASA_PORT ?= 5005
export ACTIONS_HOST ?= 127.0.0.1
export ACTIONS_PORT ?= 5055
# Rasa's HTTP API and REST channel need this token (the gateway sends it), and the gateway signs the
# conversation cookies with SESSION_SECRET. Without them in the environment, development secrets are
# made once and kept in var/secrets.env (owner-only), so restarting `make run` continues every conversation.
ifeq ($(strip $(RASA_AUTH_TOKEN)),)
RASA_AUTH_TOKEN := $(shell scripts/dev_secret.sh RASA_AUTH_TOKEN)
endif
export RASA_AUTH_TOKEN
ifeq ($(strip $(SESSION_SECRET)),)
SESSION_SECRET := $(shell scripts/dev_secret.sh SESSION_SECRET)
endif
export SESSION_SECRET
export RASA_URL ?= http://127.0.0.1:$(RASA_PORT)
export DB_URL ?= sqlite:///var/fengqiao.db
export TRACKER_DB_URL ?= $(if $(findstring sqlite,$(DB_URL)),sqlite:///var/rasa.db,$(DB_URL))
export ACTION_SERVER_URL ?= http://127.0.0.1:$(ACTIONS_PORT)/webhook
export MODEL ?= models/fengqiao.tar.gz
export TF_CPP_MIN_LOG_LEVEL ?= 3
export RASA_TELEMETRY_ENABLED ?= false
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

INSTALLED := $(VENV)/.installed
# axe-core, injected into the pages by tests/web/test_accessibility.py (Playwright).
AXE_VERSION := 4.14.1
AXE := .tools/node_modules/axe-core/axe.min.js
# schemathesis (the fuzz test) lives in its own environment: it needs Python 3.11+ and a jsonschema
# newer than Rasa 3.6's pin. tests/api/test_openapi_fuzz.py runs $(SCHEMATHESIS).
FUZZ_PYTHON ?= python3.11
FUZZ_VENV ?= .venv-fuzz
FUZZ_INSTALLED := $(FUZZ_VENV)/.installed
export SCHEMATHESIS ?= $(abspath $(FUZZ_VENV))/bin/st
PASSAGES := data/knowledge/passages.jsonl
TRAINING_DATA := config.yml domain.yml data/knowledge/scenarios.yml guide/understanding.py guide/tokens.py \
	rasa_runtime/situation_classifier.py $(shell find data/nlu data/rules data/jieba -type f 2>/dev/null)
CORPUS_INPUTS := data/sources.yml $(wildcard data/sources/*.txt) $(wildcard data/jieba/*.txt) \
	guide/corpus.py guide/text.py guide/terms.py

QUESTIONS ?=
POLICY_QUESTIONS ?=
# Blind sets (written from the field guide alone): dev was used to choose, test only to report.
BLIND_SETS := tests/data/blind_dev.tsv tests/data/blind_test.tsv
# Boundary sets (written blind from real public accounts: emergencies, police procedure, other bodies and
# visit situations): dev was used to choose, test only to report.
BOUNDARY_SETS := tests/data/boundary_dev.tsv tests/data/boundary_test.tsv
# Real situations (issues 16, 17): 150 visit situations and 114 messages outside the guide, each from a
# real public account, written blind; used for nothing but the final figures.
REAL_SETS := tests/data/real_final.tsv tests/data/real_final2.tsv tests/data/real_final3.tsv tests/data/real_final4.tsv tests/data/real_final5.tsv tests/data/real_final6.tsv tests/data/real_final7.tsv
DEFAULT_QUESTIONS := $(BLIND_SETS) tests/data/heldout_questions.tsv $(BOUNDARY_SETS) $(REAL_SETS)
# Multi-turn conversations (follow-ups, topic switches, boundaries), played through the real stack.
CONVERSATION_SETS := tests/data/conversations_dev.yml tests/data/conversations_final.yml tests/data/conversations_final2.yml tests/data/conversations_final3.yml tests/data/conversations_final4.yml
CONVERSATIONS ?=
DEFAULT_POLICY_QUESTIONS := tests/data/policy_questions.tsv
LOOKUP_SETS := tests/data/lookup_dev.tsv tests/data/lookup_dev2.tsv
LOOKUP_FINAL_SETS := tests/data/lookup_final.tsv tests/data/lookup_final2.tsv tests/data/lookup_final3.tsv tests/data/lookup_final4.tsv tests/data/lookup_final5.tsv tests/data/lookup_final6.tsv
POLICY_JUDGEMENTS := tests/data/policy_judgements.yml tests/data/policy_questions_judged.yml

.PHONY: help install browser axe fuzzer passages rasa-files train run shell lint test test-fast test-recipe test-e2e test-scale migrate eval compare boundary-cost compare-lookup bench bench-queue review export-unanswered backup restore admin-account telegram-webhook clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(INSTALLED) ## Python 3.10 virtual environment with the pinned dependencies

$(INSTALLED): pyproject.toml requirements.txt requirements-dev.txt requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: Rasa 3.6 needs Python 3.10 (see README)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip<25"
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c requirements.lock
	touch $@

rasa-files: $(INSTALLED) ## regenerate the scenario intents of domain.yml and data/rules/scenarios.yml from the knowledge
	python -m guide.rasa_files

passages: $(PASSAGES) ## rebuild the cited policy passages from data/sources

$(PASSAGES): $(INSTALLED) $(CORPUS_INPUTS)
	python -m guide.corpus

train: $(MODEL) ## train the Rasa model (only when data or config changed)

$(MODEL): $(INSTALLED) $(TRAINING_DATA)
	rasa train --force --fixed-model-name $(basename $(basename $(notdir $(MODEL)))) --out $(dir $(MODEL))

run: $(MODEL) $(PASSAGES) ## install and train as needed, start Rasa, the action server and the gateway (Ctrl-C stops all)
	mkdir -p var
	honcho start --procfile Procfile

shell: $(MODEL) $(PASSAGES) ## chat with the assistant in the terminal
	scripts/with_action_server.sh rasa shell --model $(MODEL) --endpoints endpoints.yml

lint: $(INSTALLED) ## ruff: pycodestyle, pyflakes, import order, bugbear, simplify, naming, no dead noqa; the formatter's check; mypy on guide/, api/ and learning/
	ruff check api actions guide learning scripts tests rasa_runtime
	ruff format --check api actions guide learning scripts tests rasa_runtime
	mypy

browser: ## Debian's Chromium and CJK fonts for the browser tests; nginx, openssl, systemd, Prometheus for the deploy tests (apt-get, only when missing)
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || [ ! -x /usr/sbin/nginx ] \
			|| ! command -v openssl >/dev/null || ! command -v systemd-analyze >/dev/null || ! command -v prometheus >/dev/null; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
			chromium fonts-noto-cjk nginx openssl systemd prometheus; \
	fi

axe: $(AXE) ## axe-core (npm) for the accessibility tests, in .tools/ (never committed)

$(AXE):
	@command -v npm >/dev/null || { echo "npm not found: the accessibility tests need axe-core from the npm registry"; exit 1; }
	npm install --prefix .tools --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION)

fuzzer: $(FUZZ_INSTALLED) ## schemathesis for the fuzz test, in its own Python 3.11 environment (.venv-fuzz)

$(FUZZ_INSTALLED): requirements-fuzz.txt
	@command -v $(FUZZ_PYTHON) >/dev/null || { echo "$(FUZZ_PYTHON) not found: schemathesis 4 needs Python 3.11+ (set FUZZ_PYTHON)"; exit 1; }
	$(FUZZ_PYTHON) -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/python -m pip install --quiet -r requirements-fuzz.txt
	touch $@

# Two tiers (tests/conftest.py marks e2e every test that starts the real bot or a browser). The fast
# tier needs no model, so `make test` runs it before `rasa train` is even considered.
test: ## the whole test suite: lint, the fast tier, then data validation, the e2e tier, conversation tests
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-fast
	$(MAKE) --no-print-directory test-recipe
	$(MAKE) --no-print-directory test-e2e

test-fast: $(INSTALLED) $(PASSAGES) ## fast tier, no model (about 3 min): knowledge, ranking, protocol, routers against a stand-in bot
	python -m pytest -m "not e2e and not scale and not recipe"

test-recipe: $(INSTALLED) $(PASSAGES) ## the README's scenario recipe: a 31st scenario in a copy of the project passes the fast tier there
	python -m pytest -m recipe tests/test_scenario_recipe.py

test-e2e: $(MODEL) $(PASSAGES) browser fuzzer axe ## e2e tier: data validation, pytest against the real Rasa, action server and browser, conversation tests
	rasa data validate --fail-on-warnings
	python -m pytest -m "e2e and not scale"
	scripts/with_action_server.sh rasa test core --stories tests/conversations --model $(MODEL) \
		--endpoints endpoints.yml --fail-on-prediction-errors --out var/results

eval: $(MODEL) $(PASSAGES) ## figures per question style, per follow-up kind, for the policy basis and the look-up: make eval [QUESTIONS=f.tsv] [POLICY_QUESTIONS=f.tsv] [CONVERSATIONS=f.yml] [LOOKUP=f.tsv]
	python -m scripts.evaluate --model $(MODEL) \
		$(if $(QUESTIONS)$(POLICY_QUESTIONS)$(CONVERSATIONS)$(LOOKUP),\
			$(if $(QUESTIONS),--questions $(QUESTIONS)) $(if $(POLICY_QUESTIONS),--policy-questions $(POLICY_QUESTIONS)) \
			$(if $(CONVERSATIONS),--conversations $(CONVERSATIONS)) $(if $(LOOKUP),--lookup-questions $(LOOKUP)),\
			--questions $(DEFAULT_QUESTIONS) --policy-questions $(DEFAULT_POLICY_QUESTIONS) \
			--policy-judgements $(POLICY_JUDGEMENTS) --conversations $(CONVERSATION_SETS) \
			--not-follow-ups tests/data/not_followups.tsv --lookup-questions $(LOOKUP_SETS) $(LOOKUP_FINAL_SETS))

test-scale: $(MODEL) $(PASSAGES) ## two Rasa instances on PostgreSQL + Redis (installs both from Debian packages)
	scripts/install_scale_services.sh
	python -m pytest -m scale tests/scale

bench: $(MODEL) $(PASSAGES) ## load test beside stock rasa run; writes the ratios to docs/performance-latest.md [OFFICERS=8 SECONDS_PER_TARGET=20]
	python -m scripts.bench --record docs/performance-latest.md

bench-queue: $(INSTALLED) ## the trainers' queue built over 10,000 logged questions, then with 800 planted 1,000-character ones (prints ms)
	python -m scripts.bench_queue

review: $(INSTALLED) ## the trainers' queue: questions not dealt with (did-you-mean, declined, boundary, "没帮助"), emergencies first, then by closest scenario
	python -m scripts.review_unanswered review

export-unanswered: $(INSTALLED) ## write them as candidate Rasa NLU examples: [OUT=var/unanswered_nlu.yml]
	python -m scripts.review_unanswered export $(if $(OUT),--out $(OUT))

migrate: $(INSTALLED) ## bring the gateway's database (DB_URL) to the latest schema, keeping its data (back up first: make backup)
	python -m api.schema

backup: $(INSTALLED) ## one archive of the databases, the live model and its rollback targets, the reviewed examples: [OUT=var/backups]
	python -m api.backup create --out $(or $(OUT),var/backups)

restore: $(INSTALLED) ## restore an archive (stop the services first): make restore ARCHIVE=var/backups/fengqiao-backup-….tar.gz
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/fengqiao-backup-<time>.tar.gz"; exit 2; }
	python -m api.backup restore "$(ARCHIVE)"

admin-account: $(INSTALLED) ## an ADMIN_ACCOUNTS entry for the trainers' console: make admin-account NAME=王教官 (asks the password)
	@test -n "$(NAME)" || { echo "usage: make admin-account NAME=王教官"; exit 2; }
	@python -m api.admin.accounts "$(NAME)"

telegram-webhook: $(INSTALLED) ## register the Telegram webhook: make telegram-webhook URL=https://host/bridges/telegram
	python -m scripts.telegram_webhook "$(URL)"

compare: $(INSTALLED) ## classifier variants side by side: k-fold cross-validation and the blind sets
	python -m scripts.compare_classifiers --questions $(BLIND_SETS)

boundary-cost: $(INSTALLED) ## what the boundary kinds cost the visit situations: the classifier trained with and without them [QUESTIONS=f.tsv …]
	python -m scripts.boundary_cost $(or $(QUESTIONS),$(REAL_SETS) $(BLIND_SETS))

compare-lookup: $(INSTALLED) $(PASSAGES) ## look-up variants side by side on the development set (docs/lookup.md)
	python -m scripts.compare_lookup --lookup-questions $(LOOKUP_SETS)

clean: ## remove trained models and run-time files (keeps the virtual environment)
	rm -rf models var .rasa
