# Set-up is two commands: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHARTJS := static/vendor/chart.umd.min.js

# make test talks to this machine's PostgreSQL and Redis; override to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/occupancy
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# Tests reach nothing beyond loopback: the intra API is the simulator each test starts, or nothing at all.
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) SECRET_KEY=test-only-secret \
	DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1,localhost,testserver INTRA_API_URL=http://127.0.0.1:9

.PHONY: demo test bench install install-dev static browser proxy-tools lint clean

demo: install static
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py rundemo

test: install-dev static browser proxy-tools
	$(VENV)/bin/ruff check .
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(TEST_ENV) $(PY) -m pytest

bench: install-dev static
	$(TEST_ENV) $(PY) -m bench

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Chart.js comes from the npm registry at the version and hash pinned in package-lock.json.
static: $(CHARTJS)
$(CHARTJS): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $@)
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(dir $@)

# The browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium chromium-driver >/dev/null; }

# The operations tests run the repository's Caddyfile in Debian's Caddy and scrape /metrics with
# Debian's Prometheus; install them likewise.
proxy-tools:
	@command -v caddy >/dev/null && command -v prometheus >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends caddy prometheus >/dev/null; }

clean:
	rm -rf var/staticfiles node_modules static/vendor
