using System.Diagnostics;
using System.Text.Json;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Sessions;
using Engram.Sqlite;
using Engram.Storage;

namespace Engram.Bench;

/// <summary>
/// A rule-based dream over many generated sessions of about 100 events each, beside the floor of reading every
/// event of every session and doing nothing with it. Prints wall time, sessions/s, the ratio to the floor, and
/// the working set at each quarter of the run, for two corpus sizes, so a reader sees whether memory grows with
/// the number of sessions.
/// </summary>
internal static class DreamCost
{
    private const int EventsPerSession = 100;
    private const int Agents = 20;
    private static readonly CancellationToken None = CancellationToken.None;

    public static async Task RunAsync(int sessions)
    {
        Console.WriteLine($"rule-based dream: generated sessions of ~{EventsPerSession} events, {Agents} agents; machine: {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| sessions | events | read every event (floor) | dream (wall) | sessions/s | dream / floor | proposals | peak working set | working set at 25/50/75/100% |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var found = new List<string>();
        foreach (var size in new[] { Math.Max(sessions / 5, 1), sessions })
        {
            found = await RunOneAsync(size);
        }

        Console.WriteLine();
        Console.WriteLine($"what the largest dream proposed: {string.Join("; ", found)}");
    }

    private static async Task<List<string>> RunOneAsync(int sessions)
    {
        var root = Path.Combine(Path.GetTempPath(), $"engram-bench-dream-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            await using var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(root, "engram.db")) { Durability = Durability.Normal }));
            await engine.Access.BootstrapAsync("user_bench", "bench", None);
            var caller = Caller.LocalOperator("user_bench");
            var store = await engine.Memories.CreateStoreAsync(caller, new CreateStoreRequest("fleet", "the fleet's memory", null), None);
            for (var i = 0; i < 50; i++)
            {
                await engine.Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest($"/teams/t{i % 5}/note{i}.md", $"# Note {i}\n\nSomething the team learned, number {i}.\n"), None);
            }

            var started = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero); // before every generated event
            var events = await GenerateAsync(engine, caller, sessions);

            GC.Collect();
            var floor = await TimeAsync(async () =>
            {
                var page = await engine.Storage.ListSessionsAsync(null, 100, None);
                var cursor = (TimeIdCursor?)null;
                var read = 0L;
                while (page.Count > 0)
                {
                    foreach (var session in page)
                    {
                        for (long from = 0; ; from += 500)
                        {
                            var batch = await engine.Storage.ListEventsAsync(session.Id, from, 500, withRaw: false, None);
                            read += batch.Count;
                            if (batch.Count < 500)
                            {
                                break;
                            }
                        }

                        cursor = new TimeIdCursor(session.CreatedAt, session.Id);
                    }

                    page = await engine.Storage.ListSessionsAsync(cursor, 100, None);
                }

                return read;
            });

            GC.Collect();
            using var sampler = new Sampler(sessions);
            var watch = Stopwatch.StartNew(); // creating resolves the filter and records every session with the dream: part of the cost
            var dream = await engine.Dreams.CreateAsync(caller, new CreateDreamRequest(store.Id, new SessionSelection([], Since: started), new DreamModel("rules")), None);
            var ended = await engine.DreamRunner.RunAsync(dream.Id, sampler, None);
            var wall = watch.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"| {sessions:N0} | {events:N0} | {floor.Seconds:N1} s | {wall:N1} s | {sessions / wall:N0} | {wall / floor.Seconds:N2}x | {ended.Progress.Proposals} ({ended.Progress.SessionsAnalyzed:N0} of {ended.Progress.SessionsTotal:N0} read) | {sampler.Peak / 1048576.0:N0} MB | {string.Join(" / ", sampler.ByQuarter.Select(b => $"{b / 1048576.0:N0}"))} MB |"));
            if (ended.Status != DreamStatus.Completed)
            {
                Console.WriteLine($"the dream ended {ended.Status}: {ended.Error?.Message}");
            }

            var proposals = await engine.Review.ListAsync(caller, store.Id, new Review.ProposalListQuery(DreamId: dream.Id), None);
            return [.. proposals.Data.Select(p => FormattableString.Invariant($"{p.Origin!.Kind} {p.Origin.Statistics.Sessions:N0}/{p.Origin.Statistics.SessionsRead:N0} \"{p.Origin.Title}\""))];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Sessions with the patterns a fleet shows: in 10% `pytest` is missing and `python -m pytest` works, in 3%
    /// a user corrects the package manager, one in three has a one-off failure with its own numbers and paths,
    /// and the rest is ordinary tool use and talk. Deterministic (seeded).
    /// </summary>
    private static async Task<long> GenerateAsync(EngramEngine engine, Caller caller, int sessions)
    {
        var random = new Random(7);
        var total = 0L;
        var inFlight = new List<Task>();
        for (var s = 0; s < sessions; s++)
        {
            var agent = $"agent-{s % Agents:D2}";
            var opened = await engine.Sessions.OpenImportAsync(caller, new OpenTranscriptRequest("events", $"/bench/{agent}/{s:D6}.jsonl", agent), None);
            var list = Session(s, random);
            total += list.Count;
            inFlight.Add(engine.Sessions.AppendEventsAsync(caller, opened.Session.Id, list, None));
            if (inFlight.Count >= 16)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
        return total;
    }

    private static List<TranscriptEvent> Session(int number, Random random)
    {
        var events = new List<TranscriptEvent>(EventsPerSession + 8);
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(number);
        var tool = 0;
        void Add(TranscriptEventKind kind, string? text, string? id = null, string? name = null, string? input = null, bool error = false)
        {
            at = at.AddSeconds(3);
            events.Add(new TranscriptEvent(kind, $"k{events.Count}", at, text, id, name, input, error));
        }

        void Bash(string command, string output, bool error = false)
        {
            var id = $"toolu_{number}_{tool++}";
            Add(TranscriptEventKind.ToolUse, null, id, "Bash", JsonSerializer.Serialize(new { command }));
            Add(TranscriptEventKind.ToolResult, output, id, error: error);
        }

        Add(TranscriptEventKind.UserMessage, $"Please look at ticket {random.Next(1000, 9999)} in service {random.Next(1, 40)}.");
        if (number % 10 == 3)
        {
            Bash($"cd /srv/repo{number} && pytest tests -q", $"Exit code 127\n/usr/bin/bash: line {random.Next(1, 9)}: pytest: command not found", error: true);
            Bash($"cd /srv/repo{number} && python -m pytest tests -q", $"{random.Next(10, 300)} passed in {random.Next(1, 9)}.{random.Next(0, 9)}s");
        }

        if (number % 33 == 5)
        {
            Add(TranscriptEventKind.UserMessage, "No, use pnpm instead of npm in this repo.");
        }

        if (number % 3 == 1)
        {
            Bash($"cat /var/log/app{number}/err_{random.Next():x}.log", $"cat: /var/log/app{number}/err.log: No such file or directory (0x{random.Next():x})", error: true);
        }

        while (events.Count < EventsPerSession)
        {
            switch (random.Next(4))
            {
                case 0:
                    Add(TranscriptEventKind.AgentMessage, $"Looking at module {random.Next(1, 500)}; the handler at line {random.Next(1, 2000)} reads the config first.");
                    break;
                case 1:
                    Bash($"grep -rn handler src/module{random.Next(1, 500)}", $"src/module{random.Next(1, 500)}/handler.py:{random.Next(1, 900)}: def handle(request):");
                    break;
                case 2:
                    var id = $"toolu_{number}_{tool++}";
                    Add(TranscriptEventKind.ToolUse, null, id, "Read", JsonSerializer.Serialize(new { file_path = $"/srv/repo/src/file{random.Next(1, 800)}.py" }));
                    Add(TranscriptEventKind.ToolResult, string.Concat(Enumerable.Repeat("def f(x):\n    return x + 1\n", 8)), id);
                    break;
                default:
                    Add(TranscriptEventKind.UserMessage, $"Thanks, what about item {random.Next(1, 100)}?");
                    break;
            }
        }

        return events;
    }

    private static async Task<(double Seconds, long Read)> TimeAsync(Func<Task<long>> body)
    {
        var started = Stopwatch.GetTimestamp();
        var read = await body();
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, read);
    }

    /// <summary>Samples the working set every 100 ms, and at each quarter of the sessions analysed.</summary>
    private sealed class Sampler(int sessions) : IProgress<DreamProgress>, IDisposable
    {
        private readonly long[] _quarters = new long[4];
        private Timer? _timer;

        public long Peak { get; private set; }

        public IReadOnlyList<long> ByQuarter => _quarters;

        public void Report(DreamProgress value)
        {
            _timer ??= new Timer(_ => Peak = Math.Max(Peak, Environment.WorkingSet), null, 0, 100);
            var set = Environment.WorkingSet;
            Peak = Math.Max(Peak, set);
            for (var q = 0; q < 4; q++)
            {
                if (_quarters[q] == 0 && value.SessionsAnalyzed >= (long)sessions * (q + 1) / 4)
                {
                    _quarters[q] = set;
                }
            }
        }

        public void Dispose() => _timer?.Dispose();
    }
}
