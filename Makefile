# Y-PORT Portal. `make run` serves the site with demo content; `make test` runs the whole suite.
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
# The first Python 3.11 or newer on PATH.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; \
	done)

.PHONY: run serve test test-postgres lint check messages install install-dev bench axe a11y-report screenshots

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (none found on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed-runtime $@

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed-runtime
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	@# The email worker runs beside the server (its mails show in this console) and stops with it. Both take the
	@# site's address from the port served, so links, canonical addresses and the sitemap load on this PORT.
	export DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(PY) manage.py send_queued_emails --watch & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production configuration on this machine (docs/deploying.md): debug off, gunicorn with gunicorn.conf.py and the
# email worker beside it, both stopped together. Plain HTTP, so no redirect to HTTPS; a secret key made for this run
# unless DJANGO_SECRET_KEY is set. Public pages work; the admin's sign-in needs HTTPS (its cookies are __Host-).
serve: $(VENV)/.installed-runtime
	@export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-serve-only-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')}" \
	  DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	  DJANGO_SITE_URL="$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)}" \
	  GUNICORN_BIND="$${GUNICORN_BIND:-127.0.0.1:$(PORT)}"; \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py createcachetable && \
	$(PY) manage.py collectstatic --no-input --verbosity 0 && \
	{ $(PY) manage.py send_queued_emails --watch & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) -m gunicorn --config gunicorn.conf.py yport.wsgi:application; }

# axe-core for the accessibility browser tests: the npm package pinned in package.json and package-lock.json, into
# node_modules (for the tests only; the site serves no npm code). Without npm those tests are skipped, with a notice.
axe:
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	  else echo "npm not found: the accessibility browser tests will be skipped"; fi; \
	fi

# The suite on TEST_WORKERS processes (pytest-xdist; a file's tests stay together, so a module's shared browser
# content is set up once), in a random order whose seed is in the header (pytest-randomly; --randomly-seed=N repeats
# it). One test file: .venv/bin/python -m pytest tests/<app>/test_<module>.py.
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadfile

test: $(VENV)/.installed-dev axe
	$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Runs the accessibility browser checks (every public page and state in both languages) and publishes what they
# measured: docs/accessibility/results.json, which the accessibility page shows, and results.md. Fails if a check does.
a11y-report: $(VENV)/.installed-dev axe
	@test -f node_modules/axe-core/axe.min.js || { echo "npm is needed to install axe-core"; exit 1; }
	A11Y_REPORT_DIR=docs/accessibility $(PY) -m pytest tests/browser/test_accessibility.py -q $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/yport} $(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Seeds its own PostgreSQL database (yport_bench), serves it with gunicorn in the production configuration and
# loads every public page with wrk; docs/performance.md. A quick run: make bench BENCH_ARGS="--seconds 2".
bench: $(VENV)/.installed-runtime
	$(PY) scripts/bench.py $(BENCH_ARGS)

# ruff, then the import contracts of .importlinter (docs/architecture.md): the kernel imports no app, and so on.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: lint
	$(PY) manage.py makemigrations --check --dry-run

# Needs GNU gettext; the compiled catalogues are committed, so running the site does not.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages --locale ja --locale en --no-obsolete --add-location file --ignore '.venv/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

# Pictures of the main pages in both languages at desktop and phone width, into docs/screenshots/ (README). Needs
# headless Chromium and Japanese fonts: Debian's chromium, chromium-driver and fonts-noto-cjk, installed when missing.
screenshots: $(VENV)/.installed-dev
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 \
	  || ! fc-list | grep -q "Noto Sans CJK"; then \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y chromium chromium-driver fonts-noto-cjk; fi
	$(PY) scripts/screenshots.py $(SCREENSHOTS_ARGS)
