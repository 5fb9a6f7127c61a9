using Engram.Storage;

namespace Engram.Access.Policies;

/// <summary>
/// The rules in force, compiled once and reused until they change. Changes made through this process are
/// seen at once; changes made by another process on the same database (the CLI beside a server) are seen
/// within <see cref="RecheckInterval"/>.
/// </summary>
internal sealed class PolicyStore(IAccessStorage storage, TimeProvider time)
{
    /// <summary>How often the epoch is re-read from storage: a bound on how stale another process's change can be.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _current;

    /// <summary>The compiled rules.</summary>
    public async Task<PolicySet> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_current is { } fresh && now - fresh.CheckedAt < RecheckInterval)
        {
            return fresh.Rules;
        }

        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var epoch = await storage.GetPolicyEpochAsync(cancellationToken).ConfigureAwait(false);
            if (_current is { } known && known.Epoch == epoch)
            {
                _current = known with { CheckedAt = now };
                return known.Rules;
            }

            var rules = new PolicySet(
                await storage.ListPolicyRulesAsync(cancellationToken).ConfigureAwait(false),
                await storage.ListStoreSourcesAsync(cancellationToken).ConfigureAwait(false));
            _current = new Snapshot(epoch, rules, now);
            return rules;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Forgets the compiled rules: called after this process changes rules or groups.</summary>
    public void Invalidate() => _current = null;

    private sealed record Snapshot(long Epoch, PolicySet Rules, DateTimeOffset CheckedAt);
}
