using System.Globalization;
using System.Text;
using System.Text.Json;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Model;
using Engram.Search;
using Engram.Sessions;
using Microsoft.Extensions.AI;
using static System.FormattableString;

namespace Engram.Bench;

/// <summary>
/// Tokens the model-backed dream analyzer sends per session, against the naive approach of sending each whole
/// transcript plus the whole store: generated sessions of about 100 events with a few signals each, a store of
/// 200 memories, a scripted model that reports one finding and reads nothing, every request counted with cl100k
/// (the tool round's request included, so the prompt is counted twice). Target: at most 0.3x.
/// Two baselines, both printed: the naive one charges the whole store to every session, while Engram sends its
/// store index once per batch; the like-for-like one charges the whole store once per batch too, so the ratio
/// measures what the index and the signals save, not what batching saves.
/// </summary>
internal static class DreamTokens
{
    private const int StoreMemories = 200;

    private static readonly int[] BatchSizes = [1, 5, 10];

    public static async Task RunAsync(int sessionCount)
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var sessions = DreamTokenSessions.Generate(sessionCount, seed: 7, start);
        var memories = new SyntheticMemories(seed: 11);
        var store = Enumerable.Range(0, StoreMemories).Select(memories.Next).ToList();
        var index = store.Select(m => StoreIndexEntry.Of(m.Path, m.Content)).ToList();
        var reader = new BenchReader(sessions.ToDictionary(s => s.Digest.SessionId, s => s.Events), store.ToDictionary(m => m.Path, m => m.Content));

        long storeTokens = ContextBuilder.CountTokens(string.Concat(store.Select(m => $"{m.Path}\n{m.Content}\n")));
        var transcriptTokens = sessions.Select(s => (long)ContextBuilder.CountTokens(WholeTranscript(s.Events))).ToList();
        var naivePerSession = transcriptTokens.Average() + storeTokens;

        Console.WriteLine(Invariant($"Dream tokens, model path with a scripted client: {sessionCount:N0} sessions ({sessions.Average(s => s.Events.Count):N0} events, {sessions.Average(s => s.Digest.Signals.Count):0.0} signals each on average), a store of {StoreMemories} memories"));
        Console.WriteLine(Invariant($"whole transcript: {transcriptTokens.Average():N0} tokens on average; whole store: {storeTokens:N0} tokens; store index: {ContextBuilder.CountTokens(string.Join('\n', index.Select(e => $"{e.Path} {e.SizeBytes} {e.Description}"))):N0} tokens"));
        Console.WriteLine();
        Console.WriteLine("| sessions per batch | requests | first request per session (estimate) | sent per session (all rounds) | naive: whole transcript + whole store per session | ratio against naive | like for like: whole transcript + whole store once per batch | ratio like for like | ratio against the transcript alone |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in BatchSizes)
        {
            long sent = 0, estimated = 0, requests = 0, likeForLike = 0;
            foreach (var batch in sessions.Chunk(size))
            {
                likeForLike += batch.Sum(s => (long)ContextBuilder.CountTokens(WholeTranscript(s.Events))) + storeTokens; // the store once per batch, as Engram sends its index
                var first = batch[0].Digest;
                var client = new OneFindingClient(first.SessionId, first.Signals.Count > 0 ? first.Signals[0].EventIndex : 0);
                var analyzer = new ModelSessionAnalyzer(client, "claude-sonnet-4-5", new ModelAnalyzerOptions(), TimeProvider.System);
                var request = new SessionAnalysisRequest([.. batch.Select(s => s.Digest)], index, "Look for environment facts and tool failures.", reader);
                estimated += await analyzer.EstimateInputTokensAsync(request, CancellationToken.None);
                var analysis = await analyzer.AnalyzeAsync(request, CancellationToken.None);
                if (analysis.Findings.Count == 0)
                {
                    throw new InvalidOperationException("the scripted finding was refused; the benchmark would measure nothing");
                }

                sent += client.TokensSent;
                requests += client.Requests;
            }

            var perSession = (double)sent / sessionCount;
            var likeForLikePerSession = (double)likeForLike / sessionCount;
            Console.WriteLine(Invariant($"| {size} | {requests:N0} | {(double)estimated / sessionCount:N0} | {perSession:N0} | {naivePerSession:N0} | {perSession / naivePerSession:0.000}x | {likeForLikePerSession:N0} | {perSession / likeForLikePerSession:0.000}x | {perSession / transcriptTokens.Average():0.00}x |"));
        }
    }

    /// <summary>What the naive approach sends for a session: every event, whole.</summary>
    private static string WholeTranscript(IReadOnlyList<StoredEvent> events)
    {
        var text = new StringBuilder();
        foreach (var stored in events)
        {
            var e = stored.Event;
            text.Append(CultureInfo.InvariantCulture, $"[{stored.Index}] {e.Kind} {e.ToolName}: {e.Text ?? e.ToolInput}\n");
        }

        return text.ToString();
    }

    /// <summary>Reports one finding on the batch's first signal, then ends; counts the tokens of every request.</summary>
    private sealed class OneFindingClient(string sessionId, long eventIndex) : IChatClient
    {
        public long TokensSent { get; private set; }

        public int Requests { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var sent = messages.ToList();
            TokensSent += ModelSessionAnalyzer.CountTokens(sent, options?.Tools ?? []);
            Requests++;
            if (sent.Any(m => m.Contents.OfType<FunctionResultContent>().Any()))
            {
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "One finding reported.")));
            }

            var arguments = new Dictionary<string, object?>
            {
                ["signature"] = "build fails on type error",
                ["title"] = "The build fails on a type error",
                ["target_path"] = "/org/build.md",
                ["text"] = "Run `npm run typecheck` before `npm run build`: type errors fail the build.",
                ["rationale"] = "The build failed on a type error the type check would have caught.",
                ["evidence"] = JsonSerializer.SerializeToElement(new[] { new { session_id = sessionId, event_index = eventIndex } }),
            };
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "report_finding", arguments)])));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class BenchReader(Dictionary<string, IReadOnlyList<StoredEvent>> sessions, Dictionary<string, string> memories) : IDreamReader
    {
        public Task<string?> ReadMemoryAsync(string path, CancellationToken cancellationToken) => Task.FromResult(memories.GetValueOrDefault(path));

        public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string sessionId, long fromIndex, int count, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredEvent>>(sessions.TryGetValue(sessionId, out var events)
                ? [.. events.Skip((int)fromIndex).Take(count)]
                : []);
    }
}
