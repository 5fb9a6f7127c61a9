using Engram.Dreaming.Analysis;
using Engram.Dreaming.Dreams;

namespace Engram.Web.Tests.EndToEnd;

/// <summary>
/// <see cref="UiWorld"/> with the server's worker running dreams, as <c>engram serve</c> does. Dreams run with the
/// rule-based analyzers, except that a dream asking for <see cref="HeldModel"/> gets a model sub-agent that holds
/// its batches until <see cref="ReleaseHeld"/>: a dream that is certainly running when a test cancels it.
/// </summary>
public sealed class GovernanceWorld : UiWorld
{
    /// <summary>The model id whose dreams wait in their model stage.</summary>
    public const string HeldModel = "test-held-model";

    private readonly HeldAnalyzer _held = new();

    protected override bool RunDreams => true;

    protected override DreamOptions? Dreaming => new() { Analyzers = model => model.Id == HeldModel ? _held : null };

    /// <summary>Completes once a held dream's batch reached its model sub-agent.</summary>
    public Task HeldDreamEntered => _held.Entered.Task;

    /// <summary>Lets held batches finish (with no findings).</summary>
    public void ReleaseHeld() => _held.Released.TrySetResult();

    private sealed class HeldAnalyzer : ISessionAnalyzer
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<SessionAnalysis> AnalyzeAsync(SessionAnalysisRequest request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Released.Task.WaitAsync(cancellationToken);
            return new SessionAnalysis([], DreamUsage.None);
        }

        public Task<long> EstimateInputTokensAsync(SessionAnalysisRequest request, CancellationToken cancellationToken) => Task.FromResult(1_000L);
    }
}
