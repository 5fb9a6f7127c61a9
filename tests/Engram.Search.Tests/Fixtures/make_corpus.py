#!/usr/bin/env python3
"""Writes corpus.jsonl: a fixed corpus of realistic memories for the relevance tests.

Run once to regenerate; the output is committed so the tests read fixed data. Deterministic (no randomness).
"""
import json, os

teams = ["payments", "search", "infra", "mobile", "data"]
services = {"payments": "ledger", "search": "indexer", "infra": "gateway", "mobile": "push", "data": "warehouse"}
docs = []

def add(path, title, description, body, tags=(), extra=""):
    front = f"---\ntitle: {title}\ndescription: {description}\n"
    if tags:
        front += "tags: [" + ", ".join(tags) + "]\n"
    front += extra + "---\n"
    docs.append({"path": path, "content": front + body.strip() + "\n"})

# Org-wide conventions and policies.
add("/org/engineering/code-review.md", "Code review policy", "Who reviews what, and how fast.",
    "# Code review\n\nEvery change needs one approving review from a code owner. Reviews are answered within one working day.\n"
    "Large diffs (over 400 lines) are split before review. Authors resolve every comment or explain why not.", ["process"])
add("/org/engineering/commit-messages.md", "Commit messages", "How we write commit messages.",
    "# Commit messages\n\nSubject in the imperative, under 72 characters. The body says why, not what. Reference the ticket id.", ["process"])
add("/org/security/secrets.md", "Secrets handling", "Where credentials live and how to get them.",
    "# Secrets\n\nAll passwords, tokens and private keys live in Vault under secret/<team>/<service>. Never paste them into chat, tickets or memory files.\n"
    "The staging database password is read at start-up from Vault by the service account; engineers request read access through the access portal.", ["security"])
add("/org/security/dependency-updates.md", "Dependency updates", "How often and how we update third-party libraries.",
    "# Dependency updates\n\nRenovate opens pull requests weekly. Security advisories are patched within 48 hours.", ["security"])
add("/org/oncall/rotation.md", "On-call rotation", "Who is on call and how handover works.",
    "# On-call\n\nWeekly rotation, handover on Monday at 10:00 with a written summary of open alerts.", ["oncall"])
add("/org/oncall/paging.md", "Paging policy", "When to page a human.",
    "# Paging\n\nPage only for customer-facing impact. Everything else becomes a ticket for business hours.", ["oncall"])
add("/org/process/incident-response.md", "Incident response", "What to do when something is on fire.",
    "# Incident response\n\nDeclare an incident in #incidents, name an incident commander, keep a timeline, and write a postmortem within five days.", ["incident"])
add("/org/process/release-train.md", "Release train", "How and when we ship to production.",
    "# Release train\n\nWe release twice a week, Tuesday and Thursday. A release is cut from main at 10:00 and promoted after the canary is healthy for an hour.", ["release"])
add("/org/process/release-notes.md", "Release notes", "What goes into release notes.",
    "# Release notes\n\nEvery release lists user-visible changes, migrations and known issues.", ["release"])
add("/org/style/writing.md", "Writing style", "How we write documentation.",
    "# Writing style\n\nShort sentences, active voice, examples before theory.", ["docs"])

# Tooling facts agents keep relearning.
add("/tooling/python/running-tests.md", "Running the Python tests", "pytest is not on PATH in the CI image.",
    "# Running tests\n\n`pytest` is not on PATH in this environment. Run `python -m pytest -q` instead.\n"
    "Use `-k name` to select tests and `--lf` to rerun the last failures.", ["python", "tests"])
add("/tooling/python/virtualenv.md", "Virtual environments", "How Python environments are set up.",
    "# Virtualenv\n\nCreate with `python -m venv .venv` and install with `pip install -r requirements-dev.txt`.", ["python"])
add("/tooling/node/install.md", "Installing node packages", "npm ci, not npm install, in CI.",
    "# Node installs\n\nUse `npm ci` in CI so the lockfile is respected. `npm install` rewrites package-lock.json.", ["node"])
add("/tooling/docker/build-cache.md", "Docker build cache", "Why image builds are slow and how to keep them fast.",
    "# Docker builds\n\nCopy the lockfile and install dependencies before copying the source, so the dependency layer stays cached.", ["docker"])
add("/tooling/git/hooks.md", "Git hooks", "The pre-commit hooks and how to skip them.",
    "# Hooks\n\npre-commit runs formatters and the linter. Skip in an emergency with `--no-verify` and say so in the pull request.", ["git"])
add("/tooling/make/targets.md", "Make targets", "The make targets every repository has.",
    "# Make\n\n`make test`, `make lint`, `make build`, and `make deploy ENV=staging|prod`.", ["make"])
add("/tooling/linting/ruff.md", "Ruff configuration", "Lint rules for Python code.",
    "# Ruff\n\nLine length 100, import sorting on, and no bare except.", ["python", "lint"])

# Per-team runbooks.
for team in teams:
    svc = services[team]
    add(f"/teams/{team}/deploy.md", f"{team.title()} deploy runbook", f"Deploying the {svc} service to production.",
        f"# Deploy {svc}\n\n1. Check the build is green on main.\n2. Announce in #{team}-deploys.\n3. Run `make deploy ENV=prod SERVICE={svc}`.\n"
        f"4. Watch the {svc} error-rate dashboard for ten minutes.", [team, "deploy"])
    add(f"/teams/{team}/rollback.md", f"Going back to the previous {svc} version", f"Steps to return {svc} to the last good build.",
        f"# Returning {svc} to the previous build\n\nIf the error rate doubles or latency climbs after shipping, run `make rollback ENV=prod SERVICE={svc}`.\n"
        f"It redeploys the last green artifact within three minutes. Then open an incident and keep the broken build for inspection.", [team, "deploy"])
    add(f"/teams/{team}/migrations.md", f"{team.title()} database migrations", f"How schema changes ship for {svc}.",
        f"# Migrations\n\nMigrations for {svc} are forward-only and reversible. Run them with `make migrate ENV=prod` after a dry run with `--dry-run`.\n"
        f"Large backfills run in batches of 10,000 rows.", [team, "database"])
    add(f"/teams/{team}/feature-flags.md", f"{team.title()} feature flags", f"How {team} uses feature flags.",
        f"# Feature flags\n\nNew behaviour ships dark behind a flag in LaunchDarkly, ramps 1%, 10%, 50%, 100%, and the flag is removed within two sprints.", [team, "flags"])
    add(f"/teams/{team}/alerts.md", f"{team.title()} alerts", f"What each {svc} alert means.",
        f"# Alerts\n\n- {svc}-5xx-high: more than 2% server errors for five minutes.\n- {svc}-latency-p99: p99 above 800 ms.\n- {svc}-queue-depth: backlog over 10,000 messages.", [team, "oncall"])
    add(f"/teams/{team}/dashboards.md", f"{team.title()} dashboards", f"Where to look when {svc} misbehaves.",
        f"# Dashboards\n\nGrafana folder {team}: overview, error rate, latency, saturation.", [team])
    add(f"/teams/{team}/contacts.md", f"{team.title()} contacts", f"Who owns {svc}.",
        f"# Contacts\n\nOwner: the {team} team, channel #{team}, escalation through the on-call rotation.", [team])
    add(f"/teams/{team}/cache.md", f"{team.title()} cache", f"How the {svc} cache works and how to flush it.",
        f"# Cache\n\n{svc} caches reads in Redis for 15 minutes. Flush a key with `make cache-flush KEY=...`; never flush everything in production.", [team, "cache"])
    add(f"/teams/{team}/scaling.md", f"Scaling {svc}", f"How {svc} scales under load.",
        f"# Scaling\n\nThe horizontal autoscaler targets 60% CPU, between 3 and 30 replicas.", [team, "capacity"])
    for quarter in range(1, 5):
        add(f"/teams/{team}/planning/2026-q{quarter}.md", f"{team.title()} plan for 2026 Q{quarter}", f"What {team} works on in Q{quarter}.",
            f"# Q{quarter} plan\n\nGoals for {svc}: reliability work, cost reduction, and the quarterly dependency upgrades.", [team, "planning"])

# Incident postmortems with specific failure phrases.
incidents = [
    ("2026-03-14-payments-db-pool", "payments", "Connection pool exhausted on the ledger database", "connection pool exhausted", "a retry storm after a slow query held every connection"),
    ("2026-04-02-search-disk-full", "search", "Indexer disk full", "no space left on device", "old segments were never merged and filled the volume"),
    ("2026-05-20-infra-cert-expiry", "infra", "Expired TLS certificate on the gateway", "certificate has expired", "the renewal job had been failing silently for a month"),
    ("2026-06-09-mobile-push-rate-limit", "mobile", "Push provider rate limited us", "429 Too Many Requests", "a campaign sent 40x normal volume without batching"),
    ("2026-07-01-data-dns", "data", "DNS resolution failures in the warehouse", "temporary failure in name resolution", "a misconfigured resolver after a network change"),
    ("2026-08-18-payments-memory-leak", "payments", "Memory leak in the ledger worker", "OOMKilled", "an unbounded in-memory cache of idempotency keys"),
    ("2026-09-03-search-timeout", "search", "Query timeouts during reindex", "context deadline exceeded", "reindexing saturated the cluster's IO"),
    ("2026-10-11-infra-clock-skew", "infra", "Clock skew broke token validation", "token used before issued", "NTP was disabled on two new hosts"),
]
for slug, team, title, phrase, cause in incidents:
    add(f"/incidents/{slug}.md", title, f"Postmortem: {title.lower()}.",
        f"# {title}\n\n## What happened\nAlerts fired with \"{phrase}\" across the {services[team]} service.\n\n"
        f"## Why\nThe root cause was {cause}.\n\n## What we changed\nWe added an alert, a runbook entry, and a regression test.", ["incident", team])

# Decisions.
decisions = [
    ("0001-postgres", "Use PostgreSQL for transactional data", "We chose PostgreSQL over MySQL for its transactional DDL and JSONB."),
    ("0002-grpc-internal", "gRPC between internal services", "Internal calls use gRPC with deadlines; public APIs stay REST."),
    ("0003-monorepo", "One repository per team", "Each team keeps one repository; shared libraries are published packages."),
    ("0004-feature-flags", "LaunchDarkly for feature flags", "We buy feature flagging rather than build it."),
    ("0005-observability", "OpenTelemetry everywhere", "Traces, metrics and logs go through OpenTelemetry collectors."),
]
for slug, title, body in decisions:
    add(f"/decisions/{slug}.md", title, f"Decision record: {title.lower()}.", f"# {title}\n\n{body}", ["decision"])

# Customer preferences.
for i, (name, lang, tz) in enumerate([("acme", "German", "Europe/Berlin"), ("globex", "English", "America/New_York"), ("initech", "French", "Europe/Paris"),
                                      ("umbrella", "Japanese", "Asia/Tokyo"), ("hooli", "English", "America/Los_Angeles"), ("vandelay", "Spanish", "Europe/Madrid")]):
    add(f"/customers/{name}/preferences.md", f"{name.title()} preferences", f"How {name.title()} wants to be communicated with.",
        f"# {name.title()}\n\nWrite to them in {lang}. Their timezone is {tz}; schedule calls in their morning.", ["customer"])

# Skills.
add("/skills/deploy-checklist/SKILL.md", "deploy checklist", "d", "", extra="")
docs[-1]["content"] = "---\nname: deploy-checklist\ndescription: Walks through a safe production deploy, step by step.\n---\n# Deploy checklist\n\n1. Green build. 2. Announce. 3. Deploy. 4. Watch.\n"
docs.append({"path": "/skills/incident-timeline/SKILL.md", "content": "---\nname: incident-timeline\ndescription: Builds an incident timeline from alerts and chat.\n---\n# Timeline\n\nCollect alerts, order by time, annotate decisions.\n"})
docs.append({"path": "/skills/flaky-test-triage/SKILL.md", "content": "---\nname: flaky-test-triage\ndescription: Decides whether a failing test is flaky and quarantines it.\n---\n# Flaky tests\n\nRerun three times; quarantine with a ticket if it fails once.\n"})

# Agent notes: many small files.
for agent in ["reviewer", "deployer", "triager", "scribe"]:
    for n in range(1, 36):
        topic = ["flaky tests", "slow builds", "missing docs", "review comments", "deploy checks"][n % 5]
        add(f"/agents/{agent}/notes/{n:02d}.md", f"{agent} note {n}", f"{agent} observation about {topic}.",
            f"# Note {n}\n\nWhile working I noticed {topic} in run {n}. Next time check the {topic} dashboard first.", [agent])

# A stale memory.
add("/teams/infra/legacy-vpn.md", "Legacy VPN", "How to reach the old data centre.",
    "# Legacy VPN\n\nConnect with the openvpn profile from the wiki.", ["infra"], extra="verified: 2024-01-01\nexpires: 2025-06-30\n")

with open(os.path.join(os.path.dirname(__file__), "corpus.jsonl"), "w") as out:
    for doc in docs:
        out.write(json.dumps(doc) + "\n")
print(len(docs), "memories")
