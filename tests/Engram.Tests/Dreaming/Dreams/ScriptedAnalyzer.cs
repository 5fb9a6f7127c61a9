using System.Collections.Concurrent;
using Engram.Dreaming.Analysis;
using Engram.Dreaming.Dreams;
using Engram.Dreaming.Findings;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>A model sub-agent that reports one finding per session and a fixed usage per batch, recording what it was sent.</summary>
internal sealed class ScriptedAnalyzer(DreamUsage perBatch) : ISessionAnalyzer
{
    private int _inFlight;
    private int _maxInFlight;
    private int _calls;

    public ConcurrentBag<IReadOnlyList<string>> Batches { get; } = [];

    public ConcurrentDictionary<string, int> SessionsAnalyzed { get; } = new(StringComparer.Ordinal);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Runs before each call with its 1-based number; may throw (a crash) or read.</summary>
    public Func<int, SessionAnalysisRequest, CancellationToken, Task>? Before { get; init; }

    /// <summary>How long each call takes, so calls overlap when they may.</summary>
    public TimeSpan Work { get; init; } = TimeSpan.Zero;

    public Func<SessionDigest, ModelFinding>? Finding { get; init; }

    public SessionAnalysisRequest? LastRequest { get; private set; }

    public async Task<SessionAnalysis> AnalyzeAsync(SessionAnalysisRequest request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        try
        {
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            LastRequest = request;
            if (Before is not null)
            {
                await Before(call, request, cancellationToken);
            }

            if (Work > TimeSpan.Zero)
            {
                await Task.Delay(Work, cancellationToken);
            }

            Batches.Add([.. request.Sessions.Select(s => s.SessionId)]);
            foreach (var session in request.Sessions)
            {
                SessionsAnalyzed.AddOrUpdate(session.SessionId, 1, (_, n) => n + 1);
            }

            var findings = request.Sessions.Select(Finding ?? DefaultFinding).ToList();
            return new SessionAnalysis(findings, perBatch);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<long> EstimateInputTokensAsync(SessionAnalysisRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(perBatch.InputTokens);

    private static ModelFinding DefaultFinding(SessionDigest session) =>
        new(session.SessionId, "made-up-agent", "model|pytest", "pytest is missing", "/org/environment.md", "- use python -m pytest", "seen", [new PatternEvidence(session.SessionId, 1, "pytest: command not found")], false);
}
