# Coxswain: the commands of the README. Everything here delegates to scripts/ (bash, set -euo pipefail).
#   make up      start a local cluster (installs and starts Docker engine, etcd, RabbitMQ when missing)
#   make test    run every test (unit + integration), installing and starting what they need
#   make down    stop what up/test started, and nothing else (etcd data in .coxswain/etcd is kept)
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help up down test build status logs bench images deps

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

up: ## start the local cluster: deps, etcd, build, 5 services + 2 node agents, .coxswain/kubeconfig
	@bash scripts/cluster-up.sh

down: ## stop the services, then etcd/RabbitMQ/dockerd if this project started them
	@bash scripts/cluster-down.sh

test: ## run the whole test suite (./mvnw verify) after installing and starting what it needs
	@bash scripts/test.sh

build: ## build every module (no tests)
	./mvnw -B -q -DskipTests install

deps: ## install and start Docker engine and RabbitMQ, install etcd (what up and test do first)
	@bash scripts/ensure-deps.sh

status: ## show what runs, who started it, and whether it is healthy
	@bash scripts/status.sh

logs: ## last lines of every log in .coxswain/logs (FOLLOW=1 to follow them)
	@shopt -s nullglob; logs=(.coxswain/logs/*.log); \
	if [ $${#logs[@]} -eq 0 ]; then echo "no logs yet (make up writes them to .coxswain/logs/)"; \
	elif [ -n "$(FOLLOW)" ]; then tail -n 20 -F "$${logs[@]}"; \
	else tail -n 25 "$${logs[@]}"; fi

bench: ## run the benchmarks (scripts/bench.sh; BENCH="all" for all four) and print their figures
	@bash scripts/bench.sh $(BENCH)

images: ## build the container images without a registry (JRE base, etcd, the five services)
	@bash scripts/build-images.sh
