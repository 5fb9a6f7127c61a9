using System.Text.Json;
using Engram.Access;
using Engram.Sessions;

namespace Engram.Server.Tests;

/// <summary>
/// Sessions with transcripts recorded straight into a test server's engine, for dreams to read: a fleet where the
/// chosen sessions run <c>pytest</c>, fail with "command not found" and recover with <c>python -m pytest</c>.
/// </summary>
internal static class DreamSeed
{
    /// <summary>Records one session of <paramref name="agent"/> with the given transcript, as the admin; the session as stored.</summary>
    public static async Task<AgentSession> SessionAsync(TestServer server, string agent, IReadOnlyList<TranscriptEvent> events)
    {
        var admin = Caller.LocalOperator(server.AdminUserId);
        var opened = await server.Engine.Sessions.OpenImportAsync(admin, new OpenTranscriptRequest("events", $"/fleet/{Guid.NewGuid():N}.jsonl", agent), CancellationToken.None);
        await server.Engine.Sessions.AppendEventsAsync(admin, opened.Session.Id, events, CancellationToken.None);
        return Assert.Single(await server.Engine.Storage.FindSessionsAsync([opened.Session.Id], CancellationToken.None)); // times as stored (microseconds)
    }

    /// <summary>
    /// <paramref name="count"/> sessions (agents <c>agent0</c> to <c>agent2</c> in turn) where those numbered in
    /// <paramref name="pytestFails"/> (1-based) recover from a missing <c>pytest</c>; the ids in recording order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FleetAsync(TestServer server, int count, IReadOnlySet<int> pytestFails)
    {
        var ids = new List<string>(count);
        for (var number = 1; number <= count; number++)
        {
            ids.Add((await SessionAsync(server, $"agent{number % 3}", PytestSession(number, pytestFails.Contains(number)))).Id);
        }

        return ids;
    }

    /// <summary>A user asks for the tests; the agent either fails with <c>pytest</c> and recovers, or runs <c>make test</c>.</summary>
    public static IReadOnlyList<TranscriptEvent> PytestSession(int number, bool fails)
    {
        var events = new List<TranscriptEvent> { new(TranscriptEventKind.UserMessage, "k0", null, "run the tests") };
        if (fails)
        {
            Bash(events, $"cd /srv/repo{number} && pytest tests/unit -q", $"Exit code 127\n/usr/bin/bash: line {number}: pytest: command not found", isError: true);
            Bash(events, $"cd /srv/repo{number} && python -m pytest tests/unit -q", $"{number} passed in 0.{number}s");
        }
        else
        {
            Bash(events, $"cd /srv/repo{number} && make test", $"{number} passed");
        }

        return events;
    }

    private static void Bash(List<TranscriptEvent> events, string command, string result, bool isError = false)
    {
        var id = $"toolu_{events.Count:D4}";
        events.Add(new TranscriptEvent(TranscriptEventKind.ToolUse, $"k{events.Count}", null, null, id, "Bash", JsonSerializer.Serialize(new { command })));
        events.Add(new TranscriptEvent(TranscriptEventKind.ToolResult, $"k{events.Count}", null, result, id, IsError: isError));
    }
}
