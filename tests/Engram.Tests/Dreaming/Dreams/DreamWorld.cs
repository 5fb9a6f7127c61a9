using System.Text.Json;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Sessions;
using Engram.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>An <see cref="EngramWorld"/> on a fake clock with a store, and helpers to record sessions and run dreams; it can be reopened on the same file.</summary>
internal sealed class DreamWorld(EngramWorld world, string storeId) : IAsyncDisposable
{
    public const string AdminId = EngramWorld.DefaultAdminId;

    public static readonly DateTimeOffset Start = EngramWorldBuilder.DefaultStart;

    public FakeTimeProvider Time => world.Clock;

    public EngramEngine Engine => world.Engine;

    public Caller Admin => world.AdminCaller;

    public string StoreId { get; } = storeId;

    public static async Task<DreamWorld> StartAsync(DreamOptions? options = null)
    {
        var world = await EngramWorld.Create().WithFakeClock(Start).WithDreams(options).StartAsync();
        return new DreamWorld(world, (await world.Engine.Memories.CreateStoreAsync(world.AdminCaller, new CreateStoreRequest("team"), CancellationToken.None)).Id);
    }

    /// <summary>Closes the engine and opens a fresh one on the same file, as a restarted process would.</summary>
    public Task ReopenAsync(DreamOptions? options = null) => world.ReopenAsync(current => current with { Dreams = options });

    public DreamService Dreams => Engine.Dreams;

    /// <summary>
    /// Another engine on the same database file, as a second node (process) on one database is: its own writer, its own
    /// dream options, and its own clock unless given the world's. The caller disposes it.
    /// </summary>
    public EngramEngine OpenNode(DreamOptions? options = null, TimeProvider? time = null) =>
        new(Sqlite.SqliteMemoryStorage.Open(new Sqlite.SqliteStorageOptions(world.DatabasePath)), time ?? Time, dreams: options);

    /// <summary>A member user and its caller.</summary>
    public async Task<Caller> MemberAsync(string name) => (await world.PersonAsync(name)).Caller;

    /// <summary>Records a session with a transcript of <paramref name="events"/>, a second after the previous one.</summary>
    public async Task<string> SessionAsync(string agent, IReadOnlyList<TranscriptEvent> events, Caller? by = null)
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        var opened = await Engine.Sessions.OpenImportAsync(by ?? Admin, new OpenTranscriptRequest("events", $"/fleet/{Guid.NewGuid():N}.jsonl", agent), CancellationToken.None);
        if (events.Count > 0)
        {
            await Engine.Sessions.AppendEventsAsync(by ?? Admin, opened.Session.Id, events, CancellationToken.None);
        }

        return opened.Session.Id;
    }

    /// <summary>
    /// A fleet of <paramref name="count"/> sessions where the sessions numbered in <paramref name="pytestFails"/> (1-based) run
    /// <c>pytest</c>, fail with "command not found", and recover with <c>python -m pytest</c>; the others run <c>make test</c>.
    /// </summary>
    public async Task<IReadOnlyList<string>> FleetAsync(int count, IReadOnlySet<int> pytestFails, Caller? by = null)
    {
        var ids = new List<string>();
        for (var number = 1; number <= count; number++)
        {
            ids.Add(await SessionAsync($"agent{number % 3}", PytestSession(number, pytestFails.Contains(number)), by));
        }

        return ids;
    }

    public static IReadOnlyList<TranscriptEvent> PytestSession(int number, bool fails)
    {
        var events = new Events().User("run the tests");
        return fails
            ? events.Bash($"cd /srv/repo{number} && pytest tests/unit -q", $"Exit code 127\n/usr/bin/bash: line {number}: pytest: command not found", isError: true)
                .Bash($"cd /srv/repo{number} && python -m pytest tests/unit -q", $"{number} passed in 0.{number}s").List
            : events.Bash($"cd /srv/repo{number} && make test", $"{number} passed").List;
    }

    public async Task<Memory> WriteAsync(string path, string content) =>
        (await Engine.Memories.CreateMemoryAsync(Admin, StoreId, new CreateMemoryRequest(path, content), CancellationToken.None)).Value;

    public CreateDreamRequest Request(IReadOnlyList<string> sessions, DreamOutputBehavior output = DreamOutputBehavior.CreateNew) =>
        new(StoreId, new SessionSelection(sessions), new DreamModel("claude-sonnet-4-5"), OutputBehavior: output,
            UpdateStoreId: output == DreamOutputBehavior.UpdateExisting ? StoreId : null);

    public async Task<Dream> CreateAndRunAsync(CreateDreamRequest request)
    {
        var dream = await Dreams.CreateAsync(Admin, request, CancellationToken.None);
        return await Engine.DreamRunner.RunAsync(dream.Id, null, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => world.DisposeAsync();

    /// <summary>Builds a transcript's events in order.</summary>
    public sealed class Events
    {
        private readonly List<TranscriptEvent> _events = [];

        public IReadOnlyList<TranscriptEvent> List => _events;

        public Events User(string text) => Add(new TranscriptEvent(TranscriptEventKind.UserMessage, Key(), null, text));

        public Events Agent(string text) => Add(new TranscriptEvent(TranscriptEventKind.AgentMessage, Key(), null, text));

        public Events Bash(string command, string result, bool isError = false)
        {
            var id = $"toolu_{_events.Count:D4}";
            Add(new TranscriptEvent(TranscriptEventKind.ToolUse, Key(), null, null, id, "Bash", JsonSerializer.Serialize(new { command })));
            return Add(new TranscriptEvent(TranscriptEventKind.ToolResult, Key(), null, result, id, IsError: isError));
        }

        private Events Add(TranscriptEvent e)
        {
            _events.Add(e);
            return this;
        }

        private string Key() => $"k{_events.Count}";
    }
}
