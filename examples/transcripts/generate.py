#!/usr/bin/env python3
"""Writes the example transcripts `engram demo` imports: twelve sessions of three agents in the hosted
runtime's event format (one JSON event per line), each file opening with its session object, which names the
agent that ran it (`engram sessions import examples/transcripts` records each session under that agent). Run it
again after changing the plan below; the output is deterministic. Patterns a dream should find: `docker compose`
missing in 5 sessions (fixed by `docker-compose`), the same pnpm correction from users of all three agents, one
remember request, and a one-off failure."""
import json, os, datetime

BASE = datetime.datetime(2026, 11, 16, 9, 0, 0, tzinfo=datetime.timezone.utc)

class Session:
    def __init__(self, agent, number, day):
        self.agent, self.number = agent, number
        self.at = BASE + datetime.timedelta(days=day, hours=number)
        self.started, self.title = self.at, None
        self.events, self.n = [], 0

    def add(self, kind, **fields):
        self.n += 1
        self.at += datetime.timedelta(seconds=7)
        event = {"type": kind, "id": f"sevt_{self.agent[:3]}{self.number:02d}{self.n:03d}",
                 "processed_at": self.at.strftime("%Y-%m-%dT%H:%M:%SZ")}
        event.update(fields)
        self.events.append(event)
        return event["id"]

    def user(self, text):
        self.title = self.title or text
        self.add("user.message", content=[{"type": "text", "text": text}])
        return self

    def agent_says(self, text): self.add("agent.message", content=[{"type": "text", "text": text}]); return self
    def bash(self, command, output, error=False):
        use = self.add("agent.tool_use", name="bash", input={"command": command})
        self.add("agent.tool_result", tool_use_id=use, is_error=error, content=[{"type": "text", "text": output}])
        return self

    def session(self):
        """The session object (as GET /v1/sessions/{id} answers, trimmed): its agent is the one the events came from."""
        at = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"type": "session", "id": f"sesn_example_{self.agent}_{self.number:02d}", "title": self.title,
                "status": "terminated", "created_at": at(self.started), "updated_at": at(self.at),
                "agent": {"type": "agent", "id": f"agent_example_{self.agent}", "name": self.agent, "version": 1,
                          "model": {"id": "claude-sonnet-4-5", "speed": "standard"}}}

    def write(self, folder):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{self.agent}-{self.number:02d}.jsonl"), "w") as f:
            for e in [self.session()] + self.events:
                f.write(json.dumps(e, separators=(",", ":")) + "\n")

def compose_missing(s, repo):
    return (s.bash(f"cd /srv/{repo} && docker compose up -d", "docker: 'compose' is not a docker command.\nSee 'docker --help'", True)
             .agent_says("This host has the older standalone Compose; trying docker-compose.")
             .bash(f"cd /srv/{repo} && docker-compose up -d", f"Creating {repo}_db_1 ... done\nCreating {repo}_app_1 ... done"))

plan = []
# deployer
s = Session("deployer", 1, 0).user("Deploy the billing service to staging and run the smoke tests.")
compose_missing(s, "billing").agent_says("Smoke tests pass; deployed to staging."); plan.append(s)
s = Session("deployer", 2, 1).user("Install the dashboard dependencies and build it.")
s.bash("cd /srv/dashboard && npm install", "added 812 packages in 21s").user("No, use pnpm instead of npm in this repo.")
s.bash("cd /srv/dashboard && pnpm install", "Done in 9.8s").agent_says("Installed with pnpm and built."); plan.append(s)
s = Session("deployer", 3, 2).user("Roll out the payments service.")
compose_missing(s, "payments").agent_says("Rolled out."); plan.append(s)
s = Session("deployer", 4, 3).user("Check the disk usage on the build host.")
s.bash("df -h /srv", "/dev/sda1  200G  120G  80G  60% /srv").agent_says("60% used."); plan.append(s)
# reviewer
s = Session("reviewer", 1, 0).user("Review PR 481 and run its tests.")
compose_missing(s, "ledger").agent_says("Tests pass; two comments left on the PR."); plan.append(s)
s = Session("reviewer", 2, 1).user("Add the lint step to the web app.")
s.bash("cd /srv/web && npm run lint", "eslint: 0 problems").user("No, use pnpm instead of npm in this repo.")
s.bash("cd /srv/web && pnpm run lint", "eslint: 0 problems").agent_says("Lint step added with pnpm."); plan.append(s)
s = Session("reviewer", 3, 2).user("Remember that the staging database is read-only on Fridays.")
s.agent_says("Understood."); plan.append(s)
s = Session("reviewer", 4, 4).user("Re-run the flaky ledger tests.")
compose_missing(s, "ledger").agent_says("They pass now."); plan.append(s)
# tester
s = Session("tester", 1, 1).user("Run the integration suite for search.")
compose_missing(s, "search").agent_says("All green."); plan.append(s)
s = Session("tester", 2, 2).user("Set up the e2e tests for the storefront.")
s.bash("cd /srv/storefront && npm ci", "added 640 packages in 18s").user("No, use pnpm instead of npm in this repo.")
s.bash("cd /srv/storefront && pnpm install --frozen-lockfile", "Done in 7.2s").agent_says("e2e set up with pnpm."); plan.append(s)
s = Session("tester", 3, 3).user("Build the docs.")
s.bash("make docs", "make: sphinx-build: No such file or directory\nmake: *** [docs] Error 127", True)
s.bash("pip install sphinx && make docs", "build succeeded.").agent_says("Docs built."); plan.append(s)
s = Session("tester", 4, 4).user("Count the open test tickets.")
s.agent_says("There are 14 open test tickets."); plan.append(s)

here = os.path.dirname(os.path.abspath(__file__))
for s in plan:
    s.write(os.path.join(here, s.agent))
