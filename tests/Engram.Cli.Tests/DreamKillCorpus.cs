using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engram.Cli.Tests;

/// <summary>
/// A fleet's transcripts in the hosted events format (one JSON event per line, one file a session), written to a
/// folder per agent, large enough that a dream's signal pass takes seconds: every session lists modules
/// (<see cref="ToolCallsPerSession"/> tool calls) and then runs its tests. Every <see cref="PytestEvery"/>th session
/// fails with <c>pytest</c> (command not found) and recovers with <c>python -m pytest</c>; the others run
/// <c>make test</c>. In <see cref="Corrected"/> (two sessions of each agent) the user says "No, use pnpm instead of
/// npm in this repo." after the agent's <c>npm install</c>. A smaller corpus of the same kind (<see cref="Write(string, int)"/>
/// with fewer sessions) has the same proposals, with statistics in proportion.
/// </summary>
internal static class DreamKillCorpus
{
    /// <summary>Sessions in all: with <see cref="ToolCallsPerSession"/> the signal pass runs for seconds, import for about ten.</summary>
    public const int Sessions = 1_500;

    /// <summary>Tool calls before the tests in each session: they make reading a session cost more than opening its file.</summary>
    public const int ToolCallsPerSession = 60;

    /// <summary>Sessions numbered 0, 5, 10, ... fail with pytest: one in five, above the rule's 10% share.</summary>
    public const int PytestEvery = 5;

    /// <summary>The user's words, as the rule-based correction analyzer should find them.</summary>
    public const string Correction = "No, use pnpm instead of npm in this repo.";

    /// <summary>The agents, session <c>n</c> being of <c>Agents[n % 3]</c>.</summary>
    public static readonly string[] Agents = ["builder", "checker", "runner"];

    /// <summary>The sessions corrected to pnpm: two of each agent, none of them a pytest session.</summary>
    public static readonly int[] Corrected = CorrectedOf(Sessions);

    /// <summary>The sessions that fail with pytest and recover.</summary>
    public static int PytestSessions => PytestSessionsOf(Sessions);

    /// <summary>The sessions corrected to pnpm in a corpus of <paramref name="sessions"/> (a multiple of 10): three at its start, three at its middle.</summary>
    public static int[] CorrectedOf(int sessions) => [1, 2, 3, (sessions / 2) + 1, (sessions / 2) + 2, (sessions / 2) + 3];

    /// <summary>The sessions that fail with pytest and recover in a corpus of <paramref name="sessions"/>.</summary>
    public static int PytestSessionsOf(int sessions) => (sessions + PytestEvery - 1) / PytestEvery;

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the corpus under <paramref name="root"/> (a folder per agent); the folders, by agent.</summary>
    public static IReadOnlyDictionary<string, string> Write(string root) => Write(root, Sessions);

    /// <summary>Writes a corpus of <paramref name="sessions"/> sessions (a multiple of 10, so no corrected session fails with pytest) under <paramref name="root"/>; the folders, by agent.</summary>
    public static IReadOnlyDictionary<string, string> Write(string root, int sessions)
    {
        var folders = Agents.ToDictionary(a => a, a => Directory.CreateDirectory(Path.Combine(root, a)).FullName);
        var corrected = CorrectedOf(sessions);
        for (var n = 0; n < sessions; n++)
        {
            var agent = Agents[n % Agents.Length];
            File.WriteAllText(Path.Combine(folders[agent], $"session-{n:D4}.jsonl"), Transcript(n, corrected), new UTF8Encoding(false));
        }

        return folders;
    }

    private static string Transcript(int n, int[] corrected)
    {
        var session = new Session(n);
        session.User($"Check the modules of service {n} and run its tests.");
        for (var k = 0; k < ToolCallsPerSession; k++)
        {
            session.Bash($"ls /srv/svc{n}/mod{k}", $"__init__.py  core.py  util{k}.py");
        }

        if (corrected.Contains(n))
        {
            session.Bash($"cd /srv/svc{n} && npm install", "added 812 packages in 21s");
            session.User(Correction);
            session.Bash($"cd /srv/svc{n} && pnpm install", "Done in 9.8s");
        }

        if (n % PytestEvery == 0)
        {
            session.Bash($"cd /srv/svc{n} && pytest -q", "bash: pytest: command not found", error: true);
            session.Bash($"cd /srv/svc{n} && python -m pytest -q", $"{n % 40 + 1} passed in 0.31s");
        }
        else
        {
            session.Bash($"cd /srv/svc{n} && make test", $"{n % 40 + 1} passed");
        }

        session.Agent("Done.");
        return session.Text.ToString();
    }

    /// <summary>One session's events as JSON Lines, two seconds apart.</summary>
    private sealed class Session(int number)
    {
        private DateTimeOffset _at = Start.AddMinutes(15 * number);
        private int _events;

        public StringBuilder Text { get; } = new();

        public void User(string text) => Add("user.message", new { content = new[] { new { type = "text", text } } });

        public void Agent(string text) => Add("agent.message", new { content = new[] { new { type = "text", text } } });

        public void Bash(string command, string output, bool error = false)
        {
            var use = Add("agent.tool_use", new { name = "bash", input = new { command } });
            Add("agent.tool_result", new { tool_use_id = use, is_error = error, content = new[] { new { type = "text", text = output } } });
        }

        private string Add(string type, object fields)
        {
            var id = $"sevt_{number:D4}_{_events++:D3}";
            _at = _at.AddSeconds(2);
            var head = JsonSerializer.Serialize(new { type, id, processed_at = _at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) });
            var rest = JsonSerializer.Serialize(fields);
            Text.Append(head, 0, head.Length - 1).Append(',').Append(rest, 1, rest.Length - 1).Append('\n');
            return id;
        }
    }
}
